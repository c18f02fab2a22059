package ai.ringrift.guard.api;

/**
 * A job's child process was killed with SIGKILL (exit 137), which is what the kernel's OOM killer
 * sends: the guard records the job's outcome as out of memory, like an {@link OutOfMemoryError} of
 * the job itself, and the failure counts for the job's breaker.
 */
public class ChildOutOfMemoryException extends RuntimeException {

    /** 128 + 9: the exit status of a process killed by SIGKILL. */
    public static final int EXIT_SIGKILL = 137;

    private final long pid;

    public ChildOutOfMemoryException(String what, long pid) {
        super(what + " (pid " + pid + ") was killed by SIGKILL (exit 137), as the kernel OOM killer does");
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }
}
