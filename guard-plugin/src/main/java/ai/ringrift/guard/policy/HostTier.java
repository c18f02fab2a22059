package ai.ringrift.guard.policy;

/**
 * Host classes and their utilisation targets, detected from RAM and GPU presence.
 *
 * <ul>
 *   <li>{@code HIGH_END}: a GPU and RAM >= 96 GB: target 65 %</li>
 *   <li>{@code MID_TIER}: a GPU and 32 GB <= RAM < 96 GB: target 60 %</li>
 *   <li>{@code LOW_TIER}: a GPU and RAM < 32 GB (16-32 GB, and below 16 GB too): target 55 %</li>
 *   <li>{@code CPU_ONLY}: no GPU, any RAM: target 50 %</li>
 * </ul>
 * The seed assigned 64-96 GB to no tier; here 32 up to (not including) 96 GB is MID_TIER, and
 * a GPU host below 16 GB counts as LOW_TIER. GB here is whatever unit the caller measures RAM in;
 * {@link #detectFromBytes(long, boolean)} uses GiB (2^30 bytes), as {@code free -g} does.
 */
public enum HostTier {
    HIGH_END(65),
    MID_TIER(60),
    LOW_TIER(55),
    CPU_ONLY(50);

    public static final double HIGH_END_MIN_GB = 96;
    public static final double MID_TIER_MIN_GB = 32;
    public static final double LOW_TIER_MIN_GB = 16;

    private final double targetPercent;

    HostTier(double targetPercent) {
        this.targetPercent = targetPercent;
    }

    /** The utilisation this class of host aims for. */
    public double targetPercent() {
        return targetPercent;
    }

    public static HostTier detect(double ramGb, boolean hasGpu) {
        if (Double.isNaN(ramGb) || ramGb < 0) {
            throw new IllegalArgumentException("ramGb must be a number >= 0, was " + ramGb);
        }
        if (!hasGpu) {
            return CPU_ONLY;
        }
        if (ramGb >= HIGH_END_MIN_GB) {
            return HIGH_END;
        }
        if (ramGb >= MID_TIER_MIN_GB) {
            return MID_TIER;
        }
        return LOW_TIER;
    }

    /** {@link #detect(double, boolean)} with RAM in bytes, counted in GiB. */
    public static HostTier detectFromBytes(long ramBytes, boolean hasGpu) {
        return detect(ramBytes / (double) (1L << 30), hasGpu);
    }
}
