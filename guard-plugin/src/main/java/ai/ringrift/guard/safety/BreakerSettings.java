package ai.ringrift.guard.safety;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import java.time.Duration;

/**
 * {@code breaker}: the circuit breaker of every job (one per job name). The failure rate counts
 * only once the window is full: one failure out of one run is not a 100 % failure rate.
 *
 * @param consecutiveFailures  {@code consecutiveFailures}: failures in a row that open it (default 3)
 * @param failureRateThreshold {@code failureRateThreshold}: failure percentage over the window that opens it (default 50)
 * @param window               {@code window}: the latest outcomes the rate is taken over, 1 to {@value #MAX_WINDOW} (default 10)
 * @param openDuration         {@code openDuration}: how long the first trip keeps it open (default 5 min)
 * @param maxOpenDuration      {@code maxOpenDuration}: cap of the open time, which doubles on each re-trip from
 *                             HALF_OPEN (default 1 h)
 */
public record BreakerSettings(int consecutiveFailures, double failureRateThreshold, int window,
                              Duration openDuration, Duration maxOpenDuration) implements Checked {

    /**
     * The largest window: the rate counts only once the window is full, so a larger one would keep
     * the rate rule silent for thousands of runs (and each breaker keeps its window in memory).
     */
    public static final int MAX_WINDOW = 1000;

    public static final BreakerSettings DEFAULTS =
            new BreakerSettings(3, 50, 10, Duration.ofMinutes(5), Duration.ofHours(1));

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link BreakerSettings}; {@link #build()} refuses what {@link #check} reports. */
    public static final class Builder {
        private int consecutiveFailures;
        private double failureRateThreshold;
        private int window;
        private Duration openDuration;
        private Duration maxOpenDuration;

        private Builder(BreakerSettings from) {
            consecutiveFailures = from.consecutiveFailures;
            failureRateThreshold = from.failureRateThreshold;
            window = from.window;
            openDuration = from.openDuration;
            maxOpenDuration = from.maxOpenDuration;
        }

        public Builder consecutiveFailures(int v) {
            consecutiveFailures = v;
            return this;
        }

        public Builder failureRateThreshold(double percent) {
            failureRateThreshold = percent;
            return this;
        }

        public Builder window(int v) {
            window = v;
            return this;
        }

        public Builder openDuration(Duration v) {
            openDuration = v;
            return this;
        }

        public Builder maxOpenDuration(Duration v) {
            maxOpenDuration = v;
            return this;
        }

        /** @throws ai.ringrift.guard.settings.InvalidSettingsException listing every broken rule */
        public BreakerSettings build() {
            return Problems.requireValid(new BreakerSettings(consecutiveFailures, failureRateThreshold, window,
                    openDuration, maxOpenDuration), "breaker");
        }
    }

    /** The failure share (0..1] that trips the breaker: {@code failureRateThreshold / 100}. */
    public double failureRate() {
        return failureRateThreshold / 100.0;
    }

    @Override
    public void check(Problems p, String path) {
        Checks.atLeast(p, Problems.path(path, "consecutiveFailures"), consecutiveFailures, 1);
        Checks.percent(p, Problems.path(path, "failureRateThreshold"), failureRateThreshold, false);
        Checks.between(p, Problems.path(path, "window"), window, 1, MAX_WINDOW);
        String open = Problems.path(path, "openDuration");
        if (Checks.positive(p, open, openDuration) && maxOpenDuration != null
                && maxOpenDuration.compareTo(openDuration) < 0) {
            p.error(Problems.path(path, "maxOpenDuration"), "must be at least " + open + " ("
                    + Checks.duration(openDuration) + ") (was " + Checks.duration(maxOpenDuration) + ")");
        } else if (maxOpenDuration == null) {
            Checks.positive(p, Problems.path(path, "maxOpenDuration"), null);
        }
    }
}
