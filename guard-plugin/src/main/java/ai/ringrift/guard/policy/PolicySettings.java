package ai.ringrift.guard.policy;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import java.util.Objects;

/**
 * {@code policy}: the level x priority table, how much a resize grants, the fail policy and shadow mode.
 *
 * @param table        {@code table}: the rule per level and priority ({@link LevelTable#DEFAULT}, DESIGN.md section 4)
 * @param resizeLevel2 {@code resize.level2}: the share of the requested size a resize keeps at level 2 (default 0.5)
 * @param resizeLevel3 {@code resize.level3}: the share at level 3, and at level 4 (default 0.25); never above level 2's
 * @param failPolicy   {@code failPolicy}: ALLOW or DEFER per priority for SENSOR_STALE and GUARD_ERROR
 * @param shadow       {@code shadow}: decide and audit, but always let the job run (default false)
 */
public record PolicySettings(LevelTable table, double resizeLevel2, double resizeLevel3, FailPolicy failPolicy,
                             boolean shadow) implements Checked {

    public static final PolicySettings DEFAULTS =
            new PolicySettings(LevelTable.DEFAULT, 0.5, 0.25, FailPolicy.DEFAULTS, false);

    public PolicySettings {
        Objects.requireNonNull(table, "policy.table");
        Objects.requireNonNull(failPolicy, "policy.failPolicy");
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link PolicySettings}; {@link #build()} refuses what {@link #check} reports. */
    public static final class Builder {
        private LevelTable table;
        private double resizeLevel2;
        private double resizeLevel3;
        private FailPolicy failPolicy;
        private boolean shadow;

        private Builder(PolicySettings from) {
            table = from.table;
            resizeLevel2 = from.resizeLevel2;
            resizeLevel3 = from.resizeLevel3;
            failPolicy = from.failPolicy;
            shadow = from.shadow;
        }

        public Builder table(LevelTable v) {
            table = v;
            return this;
        }

        public Builder resize(double level2, double level3) {
            resizeLevel2 = level2;
            resizeLevel3 = level3;
            return this;
        }

        public Builder failPolicy(FailPolicy v) {
            failPolicy = v;
            return this;
        }

        public Builder shadow(boolean v) {
            shadow = v;
            return this;
        }

        /** @throws ai.ringrift.guard.settings.InvalidSettingsException listing every broken rule */
        public PolicySettings build() {
            return Problems.requireValid(new PolicySettings(table, resizeLevel2, resizeLevel3, failPolicy, shadow),
                    "policy");
        }
    }

    /** The share of the requested size a resize keeps at {@code level}: 1 at levels 0 and 1. */
    public double resizeFraction(int level) {
        return switch (level) {
            case 0, 1 -> 1.0;
            case 2 -> resizeLevel2;
            default -> resizeLevel3;
        };
    }

    public PolicySettings withTable(LevelTable t) {
        return new PolicySettings(t, resizeLevel2, resizeLevel3, failPolicy, shadow);
    }

    public PolicySettings withResize(double level2, double level3) {
        return new PolicySettings(table, level2, level3, failPolicy, shadow);
    }

    public PolicySettings withFailPolicy(FailPolicy f) {
        return new PolicySettings(table, resizeLevel2, resizeLevel3, f, shadow);
    }

    public PolicySettings withShadow(boolean s) {
        return new PolicySettings(table, resizeLevel2, resizeLevel3, failPolicy, s);
    }

    @Override
    public void check(Problems p, String path) {
        table.check(p, Problems.path(path, "table"));
        String l2 = Problems.path(path, "resize.level2");
        String l3 = Problems.path(path, "resize.level3");
        boolean ok2 = Checks.fraction(p, l2, resizeLevel2);
        boolean ok3 = Checks.fraction(p, l3, resizeLevel3);
        if (ok2 && ok3 && resizeLevel3 > resizeLevel2) {
            p.error(p.written(l3) || !p.written(l2) ? l3 : l2, "level3 must not be above level2 (level3 "
                    + Checks.number(resizeLevel3) + " > level2 " + Checks.number(resizeLevel2)
                    + "): a higher level must never grant more");
        }
        failPolicy.check(p, Problems.path(path, "failPolicy"));
    }
}
