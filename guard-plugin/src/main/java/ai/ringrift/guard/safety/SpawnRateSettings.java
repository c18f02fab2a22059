package ai.ringrift.guard.safety;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;

/**
 * {@code spawnRate}: a token bucket on job starts, per node.
 *
 * @param perMinute      {@code perMinute}: tokens added per minute, the sustained start rate (default 10)
 * @param burst          {@code burst}: bucket size, how many starts may happen at once (default 5)
 * @param criticalBypass {@code criticalBypass}: CRITICAL jobs skip the limiter (default true)
 */
public record SpawnRateSettings(double perMinute, int burst, boolean criticalBypass) implements Checked {

    public static final SpawnRateSettings DEFAULTS = new SpawnRateSettings(10, 5, true);

    /** Milliseconds between two tokens. */
    public double millisPerToken() {
        return 60_000.0 / perMinute;
    }

    @Override
    public void check(Problems p, String path) {
        String rate = Problems.path(path, "perMinute");
        if (!(perMinute > 0) || Double.isInfinite(perMinute)) {
            p.error(rate, "must be a number above 0 (was " + Checks.number(perMinute) + ")");
        }
        Checks.atLeast(p, Problems.path(path, "burst"), burst, 1);
    }
}
