package ai.ringrift.guard.jobrunr;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Deferral backoff: {@code initial x multiplier^(attempt-1)}, capped at {@code max}, spread by
 * +/- {@code jitter} (a fraction) so that deferred fires of many jobs do not return together.
 *
 * @param initial    delay of the first deferral (default 30 s)
 * @param multiplier growth per further deferral (default 2)
 * @param max        cap (default 15 min)
 * @param jitter     fraction of random spread, 0-1 (default 0.2)
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(15), 0.2);

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("deferral.initialBackoff must be > 0, was " + initial);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("deferral.multiplier must be >= 1, was " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("deferral.maxBackoff must be >= initialBackoff, was " + max);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("deferral.jitter must be in [0, 1), was " + jitter);
        }
    }

    /**
     * Delay before deferral number {@code attempt} (1 = first) re-fires.
     *
     * @param random a value in [0, 1) (injected for tests)
     */
    public Duration delay(int attempt, DoubleSupplier random) {
        double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, max.toMillis());
        double spread = capped * jitter * (2 * random.getAsDouble() - 1);
        long ms = Math.max(1, Math.round(Math.min(max.toMillis(), capped + spread)));
        return Duration.ofMillis(ms);
    }
}
