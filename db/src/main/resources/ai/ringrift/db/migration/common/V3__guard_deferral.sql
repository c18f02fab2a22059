-- The pending deferral of each Quartz job (DESIGN.md section 5): at most one per job key.
-- The deferral itself is a JobRunr scheduled job (visible in its dashboard); this row points at
-- it so that a newer fire can supersede it and so that pending deferrals can be counted.
CREATE TABLE guard_deferral (
    job_group     VARCHAR(200)  NOT NULL,
    job_name      VARCHAR(200)  NOT NULL,
    jobrunr_id    VARCHAR(36)   NOT NULL,
    attempt       INTEGER       NOT NULL,
    priority      VARCHAR(16)   NOT NULL,
    reason        VARCHAR(1000) NOT NULL,
    node_id       VARCHAR(128)  NOT NULL,
    decision_seq  BIGINT,
    first_deferred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    deferred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    run_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_guard_deferral PRIMARY KEY (job_group, job_name)
);
CREATE INDEX ix_guard_deferral_run_at ON guard_deferral (run_at);
