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

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link SpawnRateSettings}; {@link #build()} refuses what {@link #check} reports. */
    public static final class Builder {
        private double perMinute;
        private int burst;
        private boolean criticalBypass;

        private Builder(SpawnRateSettings from) {
            perMinute = from.perMinute;
            burst = from.burst;
            criticalBypass = from.criticalBypass;
        }

        public Builder perMinute(double v) {
            perMinute = v;
            return this;
        }

        public Builder burst(int v) {
            burst = v;
            return this;
        }

        public Builder criticalBypass(boolean v) {
            criticalBypass = v;
            return this;
        }

        /** @throws ai.ringrift.guard.settings.InvalidSettingsException listing every broken rule */
        public SpawnRateSettings build() {
            return Problems.requireValid(new SpawnRateSettings(perMinute, burst, criticalBypass), "spawnRate");
        }
    }

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
