package ai.ringrift.cli;

/** The exit codes of {@code ringrift}. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A runtime failure (database unreachable, scheduler error, ...). */
    public static final int FAILURE = 1;
    /** A usage or configuration error (bad argument, invalid guard.yaml, unknown job). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
