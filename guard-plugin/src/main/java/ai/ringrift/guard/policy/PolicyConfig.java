package ai.ringrift.guard.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the decision engine's rules depend on (besides breakers and the spawn rate).
 *
 * @param limits           max/warn/minFreeGb per resource ({@link Limits#DEFAULTS})
 * @param bandEdges        ratios where levels 1, 2, 3, 4 begin (default 0.70, 0.85, 0.95, 1.00)
 * @param hysteresisMargin a level falls only once the ratio is below its lower band edge minus
 *                         this margin (default 0.05)
 * @param dwell            ... and has stayed there this long (default 60 s)
 * @param table            level x priority rules ({@link LevelTable#DEFAULT})
 * @param resizeFractions  by level 0-4, the share of the requested size a resize keeps (default
 *                         1, 1, 1/2, 1/4, 1/4); never below the job's declared minimum
 * @param failPolicy       ALLOW or DEFER per priority for SENSOR_STALE and GUARD_ERROR, with the
 *                         stale/error defer hint
 * @param shadow           shadow mode: decide, report, but always let the job run
 * @param deferHint        how far ahead a LEVEL or HEADROOM deferral suggests firing again
 *                         (default 30 s; the deferral backoff has the final word)
 */
public record PolicyConfig(Limits limits, List<Double> bandEdges, double hysteresisMargin, Duration dwell,
                           LevelTable table, List<Double> resizeFractions, FailPolicy failPolicy, boolean shadow,
                           Duration deferHint) {

    public static final PolicyConfig DEFAULTS = new PolicyConfig(Limits.DEFAULTS, List.of(0.70, 0.85, 0.95, 1.00),
            0.05, Duration.ofSeconds(60), LevelTable.DEFAULT, List.of(1.0, 1.0, 0.5, 0.25, 0.25),
            FailPolicy.DEFAULTS, false, Duration.ofSeconds(30));

    public PolicyConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(failPolicy, "failPolicy");
        bandEdges = List.copyOf(Objects.requireNonNull(bandEdges, "bandEdges"));
        if (bandEdges.size() != 4) {
            throw new IllegalArgumentException("bandEdges must list 4 ratios (where levels 1-4 begin), has "
                    + bandEdges.size());
        }
        double prev = 0;
        for (int i = 0; i < 4; i++) {
            double e = bandEdges.get(i);
            if (!(e > prev) || Double.isInfinite(e)) {
                throw new IllegalArgumentException("bandEdges[" + i + "] must be finite and greater than "
                        + prev + ", was " + e);
            }
            prev = e;
        }
        if (!(hysteresisMargin >= 0 && hysteresisMargin < bandEdges.get(0))) {
            throw new IllegalArgumentException("hysteresisMargin must be in [0, " + bandEdges.get(0) + "), was "
                    + hysteresisMargin);
        }
        Objects.requireNonNull(dwell, "dwell");
        if (dwell.isNegative()) {
            throw new IllegalArgumentException("dwell must be >= 0, was " + dwell);
        }
        resizeFractions = List.copyOf(Objects.requireNonNull(resizeFractions, "resizeFractions"));
        if (resizeFractions.size() != LevelTable.LEVELS) {
            throw new IllegalArgumentException("resizeFractions must list 5 fractions (levels 0-4), has "
                    + resizeFractions.size());
        }
        double above = 1.0;
        for (int level = 0; level < LevelTable.LEVELS; level++) {
            double f = resizeFractions.get(level);
            if (!(f > 0 && f <= above)) {
                throw new IllegalArgumentException("resizeFractions[" + level + "] must be in (0, " + above
                        + "] (never larger than at a lower level), was " + f);
            }
            above = f;
        }
        Objects.requireNonNull(deferHint, "deferHint");
        if (deferHint.isNegative() || deferHint.isZero()) {
            throw new IllegalArgumentException("deferHint must be > 0, was " + deferHint);
        }
    }

    public PolicyConfig withLimits(Limits l) {
        return new PolicyConfig(l, bandEdges, hysteresisMargin, dwell, table, resizeFractions, failPolicy, shadow,
                deferHint);
    }

    public PolicyConfig withTable(LevelTable t) {
        return new PolicyConfig(limits, bandEdges, hysteresisMargin, dwell, t, resizeFractions, failPolicy, shadow,
                deferHint);
    }

    public PolicyConfig withFailPolicy(FailPolicy f) {
        return new PolicyConfig(limits, bandEdges, hysteresisMargin, dwell, table, resizeFractions, f, shadow,
                deferHint);
    }

    public PolicyConfig withShadow(boolean s) {
        return new PolicyConfig(limits, bandEdges, hysteresisMargin, dwell, table, resizeFractions, failPolicy, s,
                deferHint);
    }

    public PolicyConfig withHysteresis(double margin, Duration d) {
        return new PolicyConfig(limits, bandEdges, margin, d, table, resizeFractions, failPolicy, shadow, deferHint);
    }

    /** The level (0-4) of a ratio, without hysteresis. Edges belong to the upper level. */
    public int levelOf(double ratio) {
        for (int i = 3; i >= 0; i--) {
            if (ratio >= bandEdges.get(i) - LevelBands.EPSILON) {
                return i + 1;
            }
        }
        return 0;
    }
}
