package ai.ringrift.guard.policy;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.scheduler.model.Resource;

/**
 * {@code limits.<resource>}: the limit of one resource.
 *
 * @param maxPercent  {@code max}: hard limit in percent of capacity, ratio 1.0 (level 4) is reached here
 * @param warnPercent {@code warn}: warning threshold in percent, below {@code max}
 * @param minFreeGb   {@code minFreeGb}: absolute floor: with less free than this the resource counts
 *                    as ratio 1.0; 0 disables it
 */
public record ResourceLimit(double maxPercent, double warnPercent, double minFreeGb) implements Checked {

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

    @Override
    public void check(Problems p, String path) {
        String max = Problems.path(path, "max");
        String warn = Problems.path(path, "warn");
        boolean maxOk = Checks.percent(p, max, maxPercent, false);
        boolean warnOk = Checks.percent(p, warn, warnPercent, true);
        if (maxOk && warnOk && warnPercent >= maxPercent) {
            p.error(p.written(warn) || !p.written(max) ? warn : max, "warn must be below max (warn "
                    + Checks.number(warnPercent) + " >= max " + Checks.number(maxPercent) + ")");
        }
        Checks.atLeast(p, Problems.path(path, "minFreeGb"), minFreeGb, 0);
    }
}
