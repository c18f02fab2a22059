package ai.ringrift.guard.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code levels}: how the worst ratio (used % / max %) maps to degradation levels.
 *
 * @param bands  the four ratio edges where levels 1, 2, 3 and 4 start (default 0.70, 0.85, 0.95, 1.00)
 * @param margin how far below an edge the ratio must fall before the level drops (default 0.05)
 * @param dwell  how long it must stay there first (default 60 s)
 */
public record LevelsConfig(List<Double> bands, double margin, Duration dwell) {

    public LevelsConfig {
        bands = List.copyOf(bands);
    }

    public static LevelsConfig defaults() {
        return new LevelsConfig(List.of(0.70, 0.85, 0.95, 1.00), 0.05, Duration.ofSeconds(60));
    }

    /** The ratio where {@code level} (1..4) starts. */
    public double edge(int level) {
        return bands.get(level - 1);
    }
}
