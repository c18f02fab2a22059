package ai.ringrift.guard.api;

import java.time.Duration;

/**
 * Settings of the library API.
 *
 * @param loadMaxFactor {@code checkCpu()} fails when the 1-minute load average per logical CPU
 *                      reaches this (default 1.5, as the seed)
 * @param pollInterval  how often {@code waitForResources} looks at the latest snapshot (default 500 ms)
 */
public record ApiSettings(double loadMaxFactor, Duration pollInterval) {

    public static final ApiSettings DEFAULTS = new ApiSettings(1.5, Duration.ofMillis(500));

    public ApiSettings {
        if (!(loadMaxFactor > 0) || Double.isInfinite(loadMaxFactor)) {
            throw new IllegalArgumentException("api.loadMaxFactor must be a finite number > 0, was " + loadMaxFactor);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("api.pollInterval must be > 0, was " + pollInterval);
        }
    }

    public ApiSettings withPollInterval(Duration d) {
        return new ApiSettings(loadMaxFactor, d);
    }
}
