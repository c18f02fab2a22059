package ai.ringrift.guard.policy;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.scheduler.model.Resource;

/**
 * The limit of one resource.
 *
 * @param maxPercent hard limit: ratio 1.0 (level 4) is reached here
 * @param warnPercent warning threshold, below {@code maxPercent}
 * @param minFreeGb  absolute floor: with less free than this the resource counts as ratio 1.0;
 *                   0 disables it
 */
public record ResourceLimit(double maxPercent, double warnPercent, double minFreeGb) {

    public ResourceLimit {
        if (!(maxPercent > 0 && maxPercent <= 100)) {
            throw new IllegalArgumentException("max must be in (0, 100], was " + maxPercent);
        }
        if (!(warnPercent >= 0 && warnPercent < maxPercent)) {
            throw new IllegalArgumentException("warn must be in [0, max), was " + warnPercent + " with max " + maxPercent);
        }
        if (!(minFreeGb >= 0) || Double.isInfinite(minFreeGb)) {
            throw new IllegalArgumentException("minFreeGb must be >= 0, was " + minFreeGb);
        }
    }

    /**
     * The ratio of a used share to this limit: {@code used % / max %}. Ratio 1.0 is the hard
     * limit. The one place this ratio is computed (engine, levels, sentences, status, checks).
     */
    public double ratio(double usedPercent) {
        return usedPercent / maxPercent;
    }

    /**
     * The ratio of a reading of {@code resource}: {@link #ratio(double)}, and at least 1.0 when
     * less than {@code minFreeGb} is free (not for CPU, which has no bytes).
     */
    public double ratio(Resource resource, Reading reading) {
        double rt = ratio(reading.usedPercent());
        if (resource != Resource.CPU && belowFloor(reading)) {
            rt = Math.max(rt, 1.0);
        }
        return rt;
    }

    /** True when the reading has byte counts and less than {@code minFreeGb} is available. */
    public boolean belowFloor(Reading reading) {
        return minFreeGb > 0 && reading.totalBytes() > 0 && reading.availableBytes() < minFreeGb * 1e9;
    }

    public static ResourceLimit of(double maxPercent, double warnPercent) {
        return new ResourceLimit(maxPercent, warnPercent, 0);
    }
}
