package ai.ringrift.guard.pipeline;

import java.time.Instant;

/**
 * Fires a Quartz job again through a one-shot trigger (implemented by {@code quartz.QuartzRefire}
 * and wired by the composition root): what a due JobRunr deferral does, and the fallback store of
 * deferrals. Behind this interface so that the JobRunr adapter never sees Quartz.
 */
public interface Refire {

    /**
     * Schedules the re-fire at {@code at} (now when null). A second call with the same
     * {@code key} does nothing (a retried JobRunr run fires once); a null key makes a fresh one.
     *
     * @throws JobGoneException when the job no longer exists
     * @throws Exception        when the store fails
     */
    void schedule(RefireRequest request, Instant at, String key) throws Exception;

    /**
     * Schedules the re-fire under {@code key} now unless its trigger is still there (waiting, or
     * fired and not yet completed); returns whether it scheduled it. For a re-fire whose trigger
     * may have been lost with a dead node.
     *
     * @throws JobGoneException when the job no longer exists
     * @throws Exception        when the store fails
     */
    default boolean scheduleIfGone(RefireRequest request, String key) throws Exception {
        schedule(request, null, key);
        return true;
    }

    /** Thrown when the job to re-fire no longer exists: the deferral is dropped. */
    final class JobGoneException extends Exception {
        public JobGoneException(String message) {
            super(message);
        }
    }

    /** No Quartz scheduler attached (yet). */
    Refire NONE = (request, at, key) -> {
        throw new IllegalStateException("the guard's Quartz scheduler is not attached yet");
    };
}
