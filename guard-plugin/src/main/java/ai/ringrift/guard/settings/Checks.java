package ai.ringrift.guard.settings;

import ai.ringrift.db.time.Durations;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The shapes of rule the settings records share, each with one wording: a percentage, a fraction,
 * a lower bound, a range, a positive duration. {@code path} is the full path of the field.
 */
public final class Checks {

    private Checks() {
    }

    /** 0..100 (above 0 unless {@code zeroAllowed}); false when reported. */
    public static boolean percent(Problems p, String path, double v, boolean zeroAllowed) {
        if (v < 0 || v > 100 || Double.isNaN(v)) {
            p.error(path, "must be between 0 and 100 (was " + number(v) + ")");
            return false;
        }
        if (!zeroAllowed && v == 0) {
            p.error(path, "must be above 0 (was 0)");
            return false;
        }
        return true;
    }

    /** Above 0 and at most 1; false when reported. */
    public static boolean fraction(Problems p, String path, double v) {
        if (!(v > 0 && v <= 1)) {
            p.error(path, "must be above 0 and at most 1 (was " + number(v) + ")");
            return false;
        }
        return true;
    }

    /** At least {@code min} (and finite); false when reported. */
    public static boolean atLeast(Problems p, String path, double v, double min) {
        if (!(v >= min) || Double.isInfinite(v)) {
            p.error(path, "must be at least " + number(min) + " (was " + number(v) + ")");
            return false;
        }
        return true;
    }

    /** {@code min <= v <= max}; false when reported. */
    public static boolean between(Problems p, String path, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            p.error(path, "must be between " + number(min) + " and " + number(max) + " (was " + number(v) + ")");
            return false;
        }
        return true;
    }

    /** Set and above 0s; false when reported. */
    public static boolean positive(Problems p, String path, Duration d) {
        if (d == null) {
            p.error(path, "is required: a duration such as " + Durations.FORMS);
            return false;
        }
        if (d.isNegative() || d.isZero()) {
            p.error(path, "must be above 0s (was " + Durations.format(d) + ")");
            return false;
        }
        return true;
    }

    /** Set and 0s or more; false when reported. */
    public static boolean notNegative(Problems p, String path, Duration d) {
        if (d == null) {
            p.error(path, "is required: a duration such as " + Durations.FORMS);
            return false;
        }
        if (d.isNegative()) {
            p.error(path, "must be 0s or more (was " + Durations.format(d) + ")");
            return false;
        }
        return true;
    }

    /** Set and at least {@code min}; false when reported. */
    public static boolean atLeast(Problems p, String path, Duration d, Duration min) {
        if (d == null) {
            p.error(path, "is required: a duration such as " + Durations.FORMS);
            return false;
        }
        if (d.compareTo(min) < 0) {
            p.error(path, "must be at least " + Durations.format(min) + " (was " + Durations.format(d) + ")");
            return false;
        }
        return true;
    }

    /** A number as written: {@code 170}, {@code 0.85}, not {@code 170.0}. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** A duration in its shortest form. */
    public static String duration(Duration d) {
        return d == null ? "unset" : Durations.format(d);
    }
}
