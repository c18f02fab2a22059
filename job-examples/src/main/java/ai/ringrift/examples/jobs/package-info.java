/**
 * The example RingRift jobs: real Quartz jobs that do real work on a local data directory
 * ({@link ai.ringrift.examples.jobs.DataDir}), each declaring its priority and needs with
 * {@link ai.ringrift.scheduler.model.Guarded}, and reporting what it did through
 * {@code JobExecutionContext.setResult(String)}.
 */
package ai.ringrift.examples.jobs;
