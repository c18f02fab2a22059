-- Fleet-wide caps (docs/fleet.md): one lock row per cap, one lease row per running capped fire.
-- A node admits a capped fire only inside a transaction holding its cap's row lock
-- (SELECT ... FOR UPDATE), so the counts it reads cannot change before its lease is inserted.
-- The lock row also holds the fleet-wide spawn bucket of the cap.
CREATE TABLE guard_cap (
    cap_name      VARCHAR(200)     NOT NULL,
    tokens        DOUBLE PRECISION NOT NULL,
    refilled_at   BIGINT           NOT NULL,
    CONSTRAINT pk_guard_cap PRIMARY KEY (cap_name)
);
-- A lease lapses at expires_at (epoch ms, node clock) unless its node renews it: a dead node's
-- slots come back after one lease period.
CREATE TABLE guard_cap_lease (
    lease_id      VARCHAR(36)   NOT NULL,
    cap_name      VARCHAR(200)  NOT NULL,
    node_id       VARCHAR(128)  NOT NULL,
    job_name      VARCHAR(200)  NOT NULL,
    acquired_at   BIGINT        NOT NULL,
    expires_at    BIGINT        NOT NULL,
    CONSTRAINT pk_guard_cap_lease PRIMARY KEY (lease_id)
);
CREATE INDEX ix_guard_cap_lease_cap ON guard_cap_lease (cap_name, node_id);
CREATE INDEX ix_guard_cap_lease_node ON guard_cap_lease (node_id);
