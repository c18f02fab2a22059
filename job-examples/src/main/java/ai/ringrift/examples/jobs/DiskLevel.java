package ai.ringrift.examples.jobs;

import java.io.IOException;
import java.nio.file.FileStore;

/**
 * The degradation level of a disk alone, as the guard computes it (DESIGN.md section 1): ratio =
 * used % / max % (default max 70 %), level = number of band edges 0.70, 0.85, 0.95, 1.00 at or
 * below the ratio.
 */
public final class DiskLevel {

    /** Default disk limit, percent used. */
    public static final double DEFAULT_MAX_PCT = 70.0;
    private static final double[] BANDS = {0.70, 0.85, 0.95, 1.00};

    private DiskLevel() {
    }

    /** Level 0-4 for a used percentage under limit {@code maxPct}. */
    public static int forUsedPercent(double usedPct, double maxPct) {
        if (!(maxPct > 0)) {
            throw new IllegalArgumentException("disk max must be > 0 %, was " + maxPct);
        }
        double ratio = usedPct / maxPct;
        int level = 0;
        for (double edge : BANDS) {
            if (ratio >= edge) {
                level++;
            }
        }
        return level;
    }

    /** Percentage of the store in use (by the space available to this JVM). */
    public static double usedPercent(FileStore store) throws IOException {
        long total = store.getTotalSpace();
        if (total <= 0) {
            return 0;
        }
        return 100.0 * (total - store.getUsableSpace()) / total;
    }
}
