package ai.ringrift.scheduler.model;

import java.util.Locale;

/**
 * How important a job is. The guard lets work proceed when its priority rank is at least the
 * current degradation level (BACKGROUND 0 ... CRITICAL 4).
 *
 * <p>The Quartz trigger priority derived from it ({@link #quartzPriority()}) is only a tie-breaker
 * between triggers due at the same instant: Quartz orders by fire time first. The guard is what
 * enforces priority.
 */
public enum Priority {
    BACKGROUND(0),
    LOW(1),
    NORMAL(2),
    HIGH(3),
    CRITICAL(4);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** Quartz trigger priority (Quartz default is 5): BACKGROUND 1 ... CRITICAL 9. */
    public int quartzPriority() {
        return 1 + rank * 2;
    }

    public boolean atLeast(Priority other) {
        return rank >= other.rank;
    }

    /** Parses a name case-insensitively; the message lists the valid names. */
    public static Priority parse(String text) {
        if (text != null) {
            String t = text.trim().toUpperCase(Locale.ROOT);
            for (Priority p : values()) {
                if (p.name().equals(t)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown priority '" + text
                + "': use one of BACKGROUND, LOW, NORMAL, HIGH, CRITICAL");
    }
}
