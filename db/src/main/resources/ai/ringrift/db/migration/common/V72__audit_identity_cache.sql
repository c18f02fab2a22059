-- The audit tables' surrogate ids come from their identity sequences 1000 values at a time.
-- H2 persists an identity column's next value with a commit of its own each time its cache (32
-- values by default) runs out, and with SET WRITE_DELAY 0 every commit writes a chunk to the file:
-- guard_decision and job_outcome cost one such extra write per 32 rows (about 0.06 per fire,
-- GuardedFireThroughputBenchmark: 3.12 -> 3.07 H2 store versions per fire; docs/benchmarks.md).
-- PostgreSQL keeps the cache per session. Nothing reads the ids as an order or a count (rows are
-- identified by (node_id, seq); retention deletes by id): gaps, after a restart or between
-- sessions, are harmless.
ALTER TABLE guard_decision ALTER COLUMN id SET CACHE 1000;
ALTER TABLE job_outcome ALTER COLUMN id SET CACHE 1000;
