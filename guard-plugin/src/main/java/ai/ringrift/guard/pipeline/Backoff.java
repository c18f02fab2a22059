package ai.ringrift.guard.pipeline;

import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.ReasonCode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * Deferral backoff, the one formula for when a deferred fire comes back (Quartz and JobRunr alike):
 * {@code initial x multiplier^(attempt-1)}, capped at {@code max}, spread by +/- {@code jitter} (a
 * fraction) so that deferred fires of many jobs do not return together. Only a spawn-rate or
 * breaker hint of the engine pushes a re-fire later ({@link #runAt}); the engine's level and
 * headroom hints do not.
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

    /**
     * When deferral number {@code attempt} (1 = first) of a fire decided at {@code now} re-fires:
     * the backoff delay, or later when the decision's {@code deferUntil} comes from the spawn-rate
     * limiter or a breaker (the only hints that know better than the backoff).
     */
    public Instant runAt(Instant now, int attempt, Decision decision, DoubleSupplier random) {
        Instant at = now.plus(delay(attempt, random));
        Instant hint = decision.deferUntil();
        ReasonCode reason = decision.wouldBeReason();
        boolean binding = reason == ReasonCode.SPAWN_RATE || reason == ReasonCode.BREAKER_OPEN;
        return binding && hint != null && hint.isAfter(at) ? hint : at;
    }
}
