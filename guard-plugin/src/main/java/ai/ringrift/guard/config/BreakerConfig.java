package ai.ringrift.guard.config;

import java.time.Duration;

/**
 * {@code breaker}: the per-job circuit breaker.
 *
 * @param consecutiveFailures   failures in a row that open it (default 3)
 * @param failureRateThreshold  failure percentage over the window that opens it (default 50)
 * @param window                number of recent outcomes the rate is taken over (default 10)
 * @param openDuration          how long it stays open first (default 5 min; doubles on each re-open)
 * @param maxOpenDuration       cap of the open time (default 1 h)
 */
public record BreakerConfig(int consecutiveFailures, double failureRateThreshold, int window,
                            Duration openDuration, Duration maxOpenDuration) {

    public static BreakerConfig defaults() {
        return new BreakerConfig(3, 50, 10, Duration.ofMinutes(5), Duration.ofHours(1));
    }
}
