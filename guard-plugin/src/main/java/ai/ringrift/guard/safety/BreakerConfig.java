package ai.ringrift.guard.safety;

import java.time.Duration;
import java.util.Objects;

/**
 * Circuit-breaker settings, the same for every job.
 *
 * @param consecutiveFailures failures in a row that open the breaker (default 3)
 * @param failureRate         failure share over the window that opens it (default 0.5, i.e. 50 %)
 * @param window              how many of the latest runs the rate is taken over (default 10)
 * @param minimumRuns         runs the window must hold before the rate counts (default 10, the
 *                            full window: one failure out of one run is not a 100 % failure rate)
 * @param openFor             how long the first trip keeps the breaker open (default 5 min)
 * @param maxOpenFor          upper bound of the open time, which doubles on each re-trip from
 *                            HALF_OPEN (default 1 h)
 */
public record BreakerConfig(int consecutiveFailures, double failureRate, int window, int minimumRuns,
                            Duration openFor, Duration maxOpenFor) {

    public static final BreakerConfig DEFAULTS =
            new BreakerConfig(3, 0.5, 10, 10, Duration.ofMinutes(5), Duration.ofHours(1));

    public BreakerConfig {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("breaker.consecutiveFailures must be >= 1, was " + consecutiveFailures);
        }
        if (!(failureRate > 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("breaker.failureRate must be in (0, 1], was " + failureRate);
        }
        if (window < 1 || window > 1000) {
            throw new IllegalArgumentException("breaker.window must be in [1, 1000], was " + window);
        }
        if (minimumRuns < 1 || minimumRuns > window) {
            throw new IllegalArgumentException("breaker.minimumRuns must be in [1, window=" + window + "], was "
                    + minimumRuns);
        }
        Objects.requireNonNull(openFor, "breaker.openFor");
        Objects.requireNonNull(maxOpenFor, "breaker.maxOpenFor");
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("breaker.openFor must be > 0, was " + openFor);
        }
        if (maxOpenFor.compareTo(openFor) < 0) {
            throw new IllegalArgumentException("breaker.maxOpenFor must be >= openFor (" + openFor + "), was "
                    + maxOpenFor);
        }
    }
}
