-- Emergency halts (issue 14 item 4): one row per scope, '*' for the whole fleet or a node id.
-- A row halts its scope until `ringrift resume` deletes it; nodes read the table every heartbeat
-- and at start, so a halt survives restarts and holds for nodes that join later.
CREATE TABLE guard_halt (
    scope      VARCHAR(128)  NOT NULL,
    reason     VARCHAR(1000) NOT NULL,
    halted_by  VARCHAR(255)  NOT NULL,
    halted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_guard_halt PRIMARY KEY (scope)
);
