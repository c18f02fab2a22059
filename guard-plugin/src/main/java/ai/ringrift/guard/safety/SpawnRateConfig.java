package ai.ringrift.guard.safety;

/**
 * Spawn-rate limiter settings: a token bucket per node.
 *
 * @param perMinute       tokens added per minute, i.e. the sustained start rate (default 10)
 * @param burst           bucket size, i.e. how many starts may happen at once (default 5)
 * @param criticalBypass  whether CRITICAL jobs skip the limiter (default true)
 */
public record SpawnRateConfig(double perMinute, int burst, boolean criticalBypass) {

    public static final SpawnRateConfig DEFAULTS = new SpawnRateConfig(10, 5, true);

    public SpawnRateConfig {
        if (!(perMinute > 0) || Double.isInfinite(perMinute)) {
            throw new IllegalArgumentException("spawnRate.perMinute must be a finite number > 0, was " + perMinute);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("spawnRate.burst must be >= 1, was " + burst);
        }
    }

    /** Milliseconds between two tokens. */
    public double millisPerToken() {
        return 60_000.0 / perMinute;
    }
}
