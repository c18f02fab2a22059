package ai.ringrift.guard.policy;

import ai.ringrift.scheduler.model.Resource;

/** Builds the one plain sentence of a decision. Package-private helper of the engine. */
final class Sentences {

    private Sentences() {
    }

    private static final java.time.format.DateTimeFormatter CLOCK =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    /**
     * {@code memory 88% of 80% limit (level 3): }; when hysteresis holds the level above what the
     * reading says now, {@code level 4 held until 12:03:10 UTC by hysteresis; cpu now 3% of 90% limit: }.
     */
    static void head(StringBuilder sb, LevelState st, Resource worst, int level, EngineSettings config,
                     LevelBands bands) {
        if (worst == null) {
            sb.append("no resource measured (level ").append(level).append("): ");
            return;
        }
        if (st.level[worst.ordinal()] == level && held(sb, st, worst, config, bands)) {
            sb.append(": ");
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

    /**
     * Appends {@code level 4 held until 12:03:10 UTC by hysteresis; cpu now 3% of 90% limit} and
     * returns true when {@code r}'s level is held above the band of its reading now; else appends
     * nothing. The time is when the level may fall (the reading has been below the band's lower edge
     * minus the margin since then minus the dwell); while the reading is not that far below, the
     * level is held until it is: {@code held until cpu stays below 67% for 60 s}.
     */
    static boolean held(StringBuilder sb, LevelState st, Resource r, EngineSettings config, LevelBands bands) {
        int i = r.ordinal();
        if (st.level[i] < 0 || Double.isNaN(st.ratio[i]) || bands.levelOf(st.ratio[i]) >= st.level[i]) {
            return false;
        }
        ResourceLimit limit = config.limits().of(r);
        long dwell = config.levels().dwell().toMillis();
        sb.append("level ").append(st.level[i]).append(" held until ");
        if (st.fallClockRunning(r)) {
            sb.append(CLOCK.format(java.time.Instant.ofEpochMilli(st.belowSince[i] + dwell))).append(" UTC");
        } else {
            sb.append(r.key()).append(" stays below ");
            pct(sb, Math.max(0, bands.lowerEdge(st.level[i]) - config.levels().margin()) * limit.maxPercent());
            sb.append(" for ");
            num(sb, dwell / 1000.0);
            sb.append(" s");
        }
        sb.append(" by hysteresis; ").append(r.key()).append(" now ");
        pct(sb, st.usedPercent[i]);
        sb.append(" of ");
        pct(sb, limit.maxPercent());
        sb.append(" limit");
        return true;
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
