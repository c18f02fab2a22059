package ai.ringrift.guard.pipeline;

import java.time.Instant;

/**
 * What an adapter can do to a fire that is running (the EVICT step, {@link GuardPipeline#evict}).
 * Methods may throw; the pipeline turns a throw into a correcting audit row.
 */
public interface RunningPort {

    /** Whether the fire can be asked to stop (Quartz: the job implements {@code InterruptableJob}). */
    boolean interruptible();

    /**
     * Asks the fire to stop (Quartz: {@code Scheduler.interrupt(fireInstanceId)}); returns at once.
     *
     * @param evictKey the EVICT row, committed already (the fire's outcome refers to it)
     */
    void interrupt(DecisionKey evictKey) throws Exception;

    /**
     * Stores the interrupted fire's re-run where its own framework keeps it (JobRunr); null when
     * it must go to the pipeline's {@link Deferrals} (Quartz).
     */
    default DeferralOutcome deferInPlace(DeferralRequest request, Instant runAt) {
        return null;
    }
}
