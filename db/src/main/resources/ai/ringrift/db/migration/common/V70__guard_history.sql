-- Utilisation history (issue 14 item 2): per node per minute, the average and maximum used % of
-- each resource over the minute's samples, the highest and the last level, and the decisions
-- made by kind. Written once a minute by each node's aggregator; a node restarted within a
-- minute merges into that minute's row. Kept bounded by the history-retention BACKGROUND job.
CREATE TABLE guard_history (
    node_id       VARCHAR(128) NOT NULL,
    minute_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    samples       INTEGER      NOT NULL,
    cpu_avg       DOUBLE PRECISION,
    cpu_max       DOUBLE PRECISION,
    memory_avg    DOUBLE PRECISION,
    memory_max    DOUBLE PRECISION,
    gpu_avg       DOUBLE PRECISION,
    gpu_max       DOUBLE PRECISION,
    disk_avg      DOUBLE PRECISION,
    disk_max      DOUBLE PRECISION,
    cpu_samples    INTEGER NOT NULL DEFAULT 0,
    memory_samples INTEGER NOT NULL DEFAULT 0,
    gpu_samples    INTEGER NOT NULL DEFAULT 0,
    disk_samples   INTEGER NOT NULL DEFAULT 0,
    level_max     INTEGER      NOT NULL,
    level_last    INTEGER      NOT NULL,
    allow_count   INTEGER      NOT NULL DEFAULT 0,
    resize_count  INTEGER      NOT NULL DEFAULT 0,
    defer_count   INTEGER      NOT NULL DEFAULT 0,
    veto_count    INTEGER      NOT NULL DEFAULT 0,
    evict_count   INTEGER      NOT NULL DEFAULT 0,
    CONSTRAINT pk_guard_history PRIMARY KEY (node_id, minute_start)
);
-- the plots and the retention job read by time across nodes
CREATE INDEX ix_guard_history_minute ON guard_history (minute_start);
