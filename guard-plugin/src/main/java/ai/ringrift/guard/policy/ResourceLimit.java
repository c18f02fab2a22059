package ai.ringrift.guard.policy;

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

    public static ResourceLimit of(double maxPercent, double warnPercent) {
        return new ResourceLimit(maxPercent, warnPercent, 0);
    }
}
