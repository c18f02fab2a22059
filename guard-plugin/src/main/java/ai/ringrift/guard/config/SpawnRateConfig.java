package ai.ringrift.guard.config;

/**
 * {@code spawnRate}: a token bucket on job starts.
 *
 * @param perMinute      starts per minute in steady state (default 10)
 * @param burst          starts allowed at once (default 5)
 * @param criticalBypass CRITICAL jobs are not counted against it (default true)
 */
public record SpawnRateConfig(int perMinute, int burst, boolean criticalBypass) {

    public static SpawnRateConfig defaults() {
        return new SpawnRateConfig(10, 5, true);
    }
}
