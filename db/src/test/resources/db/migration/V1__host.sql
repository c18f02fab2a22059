-- A host application's own first migration, in Flyway's default location (classpath:db/migration)
-- and recorded in Flyway's default history table: HostFlywayTest runs it beside the scheduler's.
CREATE TABLE host_item (
    id   INTEGER      NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);
INSERT INTO host_item (id, name) VALUES (1, 'from the host');
