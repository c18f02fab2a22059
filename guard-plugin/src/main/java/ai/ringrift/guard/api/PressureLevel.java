package ai.ringrift.guard.api;

/**
 * The seed's named pressure levels for memory and disk, one per product degradation level
 * (DESIGN.md section 4): the ratio used % / max % falls in the bands of {@code levels.bands}
 * (default 0.70, 0.85, 0.95, 1.00).
 *
 * <pre>
 * NORMAL    level 0 Normal    below the first band
 * WARNING   level 1 Light
 * ELEVATED  level 2 Moderate
 * CRITICAL  level 3 Heavy
 * EMERGENCY level 4 Critical  at or above max (the product's "abort operations, block all spawns")
 * </pre>
 */
public enum PressureLevel {
    NORMAL, WARNING, ELEVATED, CRITICAL, EMERGENCY;

    /** The product's degradation level 0-4. */
    public int level() {
        return ordinal();
    }

    /** The name of a product level 0-4. */
    public static PressureLevel of(int level) {
        if (level < 0 || level > 4) {
            throw new IllegalArgumentException("level must be 0-4, was " + level);
        }
        return values()[level];
    }

    /** True when this level is {@code other} or higher. */
    public boolean atLeast(PressureLevel other) {
        return ordinal() >= other.ordinal();
    }
}
