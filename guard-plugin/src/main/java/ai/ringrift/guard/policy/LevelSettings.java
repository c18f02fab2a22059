package ai.ringrift.guard.policy;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code levels}: how the worst ratio (used % / max %) maps to degradation levels, and the
 * hysteresis that keeps them from flapping.
 *
 * @param bands  the four ratio edges where levels 1, 2, 3 and 4 start (default 0.70, 0.85, 0.95, 1.00)
 * @param margin a level falls only once the ratio is below its lower edge minus this (default 0.05)
 * @param dwell  ... and has stayed there this long (default 60 s)
 */
public record LevelSettings(List<Double> bands, double margin, Duration dwell) implements Checked {

    public static final LevelSettings DEFAULTS =
            new LevelSettings(List.of(0.70, 0.85, 0.95, 1.00), 0.05, Duration.ofSeconds(60));

    public LevelSettings {
        bands = List.copyOf(Objects.requireNonNull(bands, "levels.bands"));
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link LevelSettings}; {@link #build()} refuses what {@link #check} reports. */
    public static final class Builder {
        private List<Double> bands;
        private double margin;
        private Duration dwell;

        private Builder(LevelSettings from) {
            bands = from.bands;
            margin = from.margin;
            dwell = from.dwell;
        }

        public Builder bands(double level1, double level2, double level3, double level4) {
            bands = List.of(level1, level2, level3, level4);
            return this;
        }

        public Builder margin(double v) {
            margin = v;
            return this;
        }

        public Builder dwell(Duration v) {
            dwell = v;
            return this;
        }

        /** @throws ai.ringrift.guard.settings.InvalidSettingsException listing every broken rule */
        public LevelSettings build() {
            return Problems.requireValid(new LevelSettings(bands, margin, dwell), "levels");
        }
    }

    /** The ratio where {@code level} (1..4) starts. */
    public double edge(int level) {
        return bands.get(level - 1);
    }

    /** The level (0-4) of a ratio, without hysteresis. Edges belong to the upper level. */
    public int levelOf(double ratio) {
        for (int i = 3; i >= 0; i--) {
            if (ratio >= bands.get(i) - LevelBands.EPSILON) {
                return i + 1;
            }
        }
        return 0;
    }

    public LevelSettings withHysteresis(double newMargin, Duration newDwell) {
        return new LevelSettings(bands, newMargin, newDwell);
    }

    @Override
    public void check(Problems p, String path) {
        String bandsPath = Problems.path(path, "bands");
        boolean bandsOk = bands.size() == 4;
        if (!bandsOk) {
            p.error(bandsPath, "must list 4 edges, where levels 1, 2, 3 and 4 start (was " + bands.size()
                    + "); default [0.70, 0.85, 0.95, 1.00]");
        } else {
            for (int i = 0; i < bands.size(); i++) {
                double b = bands.get(i);
                String at = bandsPath + "[" + i + "]";
                if (!(b > 0 && b <= 2)) {
                    p.error(at, "must be above 0 and at most 2 (was " + Checks.number(b) + ")");
                    bandsOk = false;
                } else if (i > 0 && b <= bands.get(i - 1)) {
                    p.error(at, "band edges must ascend: " + Checks.number(b) + " is not above "
                            + Checks.number(bands.get(i - 1)) + " (the edge before)");
                    bandsOk = false;
                }
            }
        }
        String marginPath = Problems.path(path, "margin");
        if (!(margin >= 0 && margin < 1)) {
            p.error(marginPath, "must be at least 0 and below 1 (was " + Checks.number(margin) + ")");
        } else if (bandsOk && margin >= bands.get(0)) {
            p.error(marginPath, "must be below the first band edge, " + bandsPath + "[0] ("
                    + Checks.number(bands.get(0)) + "): a level falls only once the ratio is below its edge minus"
                    + " the margin, so level 1 could never fall back to 0 (was " + Checks.number(margin) + ")");
        }
        Checks.notNegative(p, Problems.path(path, "dwell"), dwell);
    }
}
