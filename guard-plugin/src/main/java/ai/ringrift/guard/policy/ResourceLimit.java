package ai.ringrift.guard.policy;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;

/**
 * {@code limits.<resource>}: the limit of one resource.
 *
 * @param maxPercent  {@code max}: hard limit in percent of capacity, ratio 1.0 (level 4) is reached here
 * @param warnPercent {@code warn}: warning threshold in percent, below {@code max}
 * @param minFreeGb   {@code minFreeGb}: absolute floor: with less free than this the resource counts
 *                    as ratio 1.0; 0 disables it
 */
public record ResourceLimit(double maxPercent, double warnPercent, double minFreeGb) implements Checked {

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
