package ai.ringrift.guard.policy;

import ai.ringrift.scheduler.model.Resource;

/** Builds the one plain sentence of a decision. Package-private helper of the engine. */
final class Sentences {

    private Sentences() {
    }

    /** {@code memory 88% of 80% limit (level 3): } */
    static void head(StringBuilder sb, LevelState st, Resource worst, int level, EngineSettings config) {
        if (worst == null) {
            sb.append("no resource measured (level ").append(level).append("): ");
            return;
        }
        double pct = st.usedPercent[worst.ordinal()];
        ResourceLimit limit = config.limits().of(worst);
        sb.append(worst.label()).append(' ');
        pct(sb, pct);
        sb.append(" of ");
        pct(sb, limit.maxPercent());
        sb.append(" limit");
        if (st.ratio[worst.ordinal()] > limit.ratio(pct) + LevelBands.EPSILON) {
            sb.append(", free below the ");
            num(sb, limit.minFreeGb());
            sb.append(" GB floor");
        }
        sb.append(" (level ").append(level).append("): ");
    }

    /** {@code NORMAL selfplay } */
    static void job(StringBuilder sb, GuardRequest request) {
        sb.append(request.declaration().priority().name()).append(' ').append(request.jobName()).append(' ');
    }

    static void pct(StringBuilder sb, double v) {
        num(sb, v);
        sb.append('%');
    }

    /** Whole numbers without decimals, others with one. */
    static void num(StringBuilder sb, double v) {
        if (v < 0) {
            sb.append('-');
            v = -v;
        }
        long r = Math.round(v);
        if (Math.abs(v - r) < 0.05) {
            sb.append(r);
        } else {
            long tenths = Math.round(v * 10);
            sb.append(tenths / 10).append('.').append(tenths % 10);
        }
    }

    static String unit(Resource r) {
        return r == Resource.CPU ? " cores " : " GB ";
    }
}
