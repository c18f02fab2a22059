package ai.ringrift.guard.api;

import ai.ringrift.scheduler.model.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The kernel's OOM-killer preference of a process ({@code /proc/<pid>/oom_score_adj}, -1000 to
 * 1000; higher is killed first) and its resulting {@code oom_score}.
 *
 * <p>The daemon lowers its own value ({@code node.oomScoreAdj}, default {@value #DAEMON_DEFAULT}). A
 * child inherits its parent's value, so a job that starts subprocesses should set theirs from its
 * priority with {@link #applyTo(Process, Priority)}, or {@link #start(ProcessBuilder, Priority)}:
 * <pre>
 * BACKGROUND  1000   killed first
 * LOW          800
 * NORMAL       500
 * HIGH         200   killed last of the batch work
 * CRITICAL     kept  protected: keeps the value it inherits (the daemon's -500)
 * </pre>
 * Raising a value never needs a privilege; lowering it below what the process has had needs
 * CAP_SYS_RESOURCE, which is why CRITICAL keeps the inherited value instead of asking for one.
 * The value is written right after the child has started; a child that allocates a great deal in
 * its first microseconds runs that long with the inherited value.
 */
public final class OomScore {

    public static final int MIN = -1000;
    public static final int MAX = 1000;
    /** Default {@code node.oomScoreAdj} of the daemon. */
    public static final int DAEMON_DEFAULT = -500;

    static final Path PROC = Path.of("/proc");

    private OomScore() {
    }

    /**
     * The {@code oom_score_adj} a child of a job of {@code priority} gets; empty for CRITICAL,
     * which keeps what it inherits.
     */
    public static OptionalInt forPriority(Priority priority) {
        return switch (Objects.requireNonNull(priority, "priority")) {
            case BACKGROUND -> OptionalInt.of(1000);
            case LOW -> OptionalInt.of(800);
            case NORMAL -> OptionalInt.of(500);
            case HIGH -> OptionalInt.of(200);
            case CRITICAL -> OptionalInt.empty();
        };
    }

    /** {@code oom_score_adj} of a process; empty where {@code /proc} does not have it (not Linux, gone). */
    public static OptionalInt adj(long pid) {
        return readInt(PROC.resolve(Long.toString(pid)).resolve("oom_score_adj"));
    }

    /** {@code oom_score} of a process (0-2000 on current kernels, what the OOM killer ranks by). */
    public static OptionalInt score(long pid) {
        return readInt(PROC.resolve(Long.toString(pid)).resolve("oom_score"));
    }

    /** This process's {@code oom_score_adj}. */
    public static OptionalInt ownAdj() {
        return adj(ProcessHandle.current().pid());
    }

    /** This process's {@code oom_score}. */
    public static OptionalInt ownScore() {
        return score(ProcessHandle.current().pid());
    }

    /**
     * Writes {@code oom_score_adj} of a process.
     *
     * @return what happened, with the value read back
     */
    public static Result set(long pid, int value) {
        if (value < MIN || value > MAX) {
            throw new IllegalArgumentException("oom_score_adj must be between -1000 and 1000, was " + value);
        }
        Path file = PROC.resolve(Long.toString(pid)).resolve("oom_score_adj");
        OptionalInt before = readInt(file);
        if (before.isEmpty()) {
            return new Result(false, before, before, file + " does not exist (not Linux, or the process is gone)");
        }
        try {
            Files.writeString(file, Integer.toString(value));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Result(false, before, readInt(file), "cannot write " + value + " to " + file + ": " + why
                    + (value < before.getAsInt() ? " (lowering it needs CAP_SYS_RESOURCE, e.g. root)" : ""));
        }
        OptionalInt after = readInt(file);
        boolean ok = after.isPresent() && after.getAsInt() == value;
        return new Result(ok, before, after, ok ? "oom_score_adj " + before.getAsInt() + " -> " + value
                : "wrote " + value + " to " + file + " but it reads " + after);
    }

    /** Sets a started child's value from its job's priority (CRITICAL: keeps its inherited value). */
    public static Result applyTo(Process child, Priority priority) {
        OptionalInt v = forPriority(priority);
        if (v.isEmpty()) {
            OptionalInt now = adj(child.pid());
            return new Result(true, now, now, "CRITICAL: keeps the inherited oom_score_adj " + now);
        }
        return set(child.pid(), v.getAsInt());
    }

    /**
     * Starts {@code builder}'s process and sets its {@code oom_score_adj} from {@code priority}. A value
     * that cannot be set leaves the child running with its inherited value (the result says why).
     */
    public static Started start(ProcessBuilder builder, Priority priority) throws IOException {
        Process p = builder.start();
        return new Started(p, applyTo(p, priority));
    }

    /**
     * Waits for a child and turns its exit into an outcome: 0 returns, 137 (128 + SIGKILL, the kernel
     * OOM killer's signal) throws {@link ChildOutOfMemoryException}, anything else throws
     * {@link IllegalStateException} naming the code.
     */
    public static void awaitSuccess(Process child, String what) throws InterruptedException {
        int code = child.waitFor();
        if (code == ChildOutOfMemoryException.EXIT_SIGKILL) {
            throw new ChildOutOfMemoryException(what, child.pid());
        }
        if (code != 0) {
            throw new IllegalStateException(what + " (pid " + child.pid() + ") exited with " + code);
        }
    }

    private static OptionalInt readInt(Path file) {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * What {@link #set} did.
     *
     * @param applied the value now in place is the one asked for
     * @param before  the value before, empty when unreadable
     * @param after   the value read back, empty when unreadable
     * @param message what happened, for a log line
     */
    public record Result(boolean applied, OptionalInt before, OptionalInt after, String message) {
    }

    /** A started child and how its {@code oom_score_adj} was set. */
    public record Started(Process process, Result oom) {
    }
}
