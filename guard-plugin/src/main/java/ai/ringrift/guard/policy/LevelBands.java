package ai.ringrift.guard.policy;

/**
 * The band edges as a primitive array, for the hot path. A ratio within {@link #EPSILON} below an
 * edge counts as on it, so 49 % of a 70 % limit (0.7 in decimal, 0.69999... in binary) is level 1.
 */
final class LevelBands {

    static final double EPSILON = 1e-9;

    private final double[] edges;

    LevelBands(LevelSettings levels) {
        edges = new double[4];
        for (int i = 0; i < 4; i++) {
            edges[i] = levels.bands().get(i);
        }
    }

    int levelOf(double ratio) {
        for (int i = 3; i >= 0; i--) {
            if (ratio >= edges[i] - EPSILON) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The ratio where {@code level} (1-4) begins. */
    double lowerEdge(int level) {
        return edges[level - 1];
    }
}
