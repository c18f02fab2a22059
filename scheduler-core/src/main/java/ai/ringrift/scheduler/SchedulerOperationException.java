package ai.ringrift.scheduler;

/**
 * A Quartz operation failed (the job store could not be read or written, a trigger would never
 * fire, ...). The message names the operation and the job; the Quartz exception is the cause.
 */
public class SchedulerOperationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchedulerOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
