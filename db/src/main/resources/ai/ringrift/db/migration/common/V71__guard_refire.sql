-- Re-fires in flight (docs/fleet.md "A dead node's work"): a due deferral claimed for its re-fire.
-- The claim removes the job's guard_deferral row and inserts this row in one transaction, then
-- schedules the Quartz trigger that carries refire_id. The decision on that fire removes the row
-- (in the same transaction as the new deferral when it is deferred again): a fire whose row is
-- already gone is a duplicate and does not run. A row whose trigger is gone while the row stays
-- was fired on a node that died before deciding (Quartz drops such a fire of a job that does not
-- request recovery): any node schedules its trigger again.
CREATE TABLE guard_refire (
    refire_id       VARCHAR(36)    NOT NULL,
    job_group       VARCHAR(200)   NOT NULL,
    job_name        VARCHAR(200)   NOT NULL,
    attempt         INTEGER        NOT NULL,
    quartz_priority INTEGER        NOT NULL,
    data_json       VARCHAR(1000000) NOT NULL,
    node_id         VARCHAR(128)   NOT NULL,
    claimed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    refired         INTEGER        NOT NULL DEFAULT 0,
    CONSTRAINT pk_guard_refire PRIMARY KEY (refire_id)
);
CREATE INDEX ix_guard_refire_claimed ON guard_refire (claimed_at);
