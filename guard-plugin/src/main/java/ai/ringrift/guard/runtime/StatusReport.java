package ai.ringrift.guard.runtime;

import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.api.OomScore;
import ai.ringrift.guard.policy.HostTier;
import ai.ringrift.guard.policy.LevelHold;
import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ringrift status} prints and {@code GET /api/status} returns: readings with source
 * and age, limits, level, host tier and its target, breakers, pending deferrals and
 * recommendations. Readings and level come from memory; the pending deferrals from the last
 * background read of the database ({@code pendingDeferralsReadAt}); while it does not answer they
 * are empty and {@code pendingDeferralsUnknown} says {@code "unknown: database unreachable"}.
 * {@code levelHold} and {@code levelReason} say which resource sets the level and whether
 * hysteresis holds it, until when. {@code oomScore}/{@code oomScoreAdj} are those of the process
 * running the guard (the daemon), null where {@code /proc} does not have them.
 */
public record StatusReport(String node, Instant takenAt, boolean stale, int level, String worstResource,
                           String tier, double tierTargetPercent, List<ResourceLine> resources,
                           Map<String, String> missing, Map<String, Double> signals, Map<String, String> breakers,
                           List<Deferral> pendingDeferrals, List<String> recommendations, long auditSpoolRows,
                           String dashboardUrl, String metricsUrl, String pendingDeferralsUnknown,
                           Instant pendingDeferralsReadAt, LevelHold levelHold, String levelReason,
                           Integer oomScore, Integer oomScoreAdj) {

    /** A report without the level's hold and the process's OOM figures. */
    public StatusReport(String node, Instant takenAt, boolean stale, int level, String worstResource,
                        String tier, double tierTargetPercent, List<ResourceLine> resources,
                        Map<String, String> missing, Map<String, Double> signals, Map<String, String> breakers,
                        List<Deferral> pendingDeferrals, List<String> recommendations, long auditSpoolRows,
                        String dashboardUrl, String metricsUrl, String pendingDeferralsUnknown,
                        Instant pendingDeferralsReadAt) {
        this(node, takenAt, stale, level, worstResource, tier, tierTargetPercent, resources, missing, signals, breakers,
                pendingDeferrals, recommendations, auditSpoolRows, dashboardUrl, metricsUrl, pendingDeferralsUnknown,
                pendingDeferralsReadAt, null, null, null, null);
    }

    /** This report with other pending deferrals, read now. */
    public StatusReport withPendingDeferrals(List<Deferral> pending) {
        return withPendingDeferrals(pending, takenAt);
    }

    /** A report whose pending deferrals are known (read now). */
    public StatusReport(String node, Instant takenAt, boolean stale, int level, String worstResource,
                        String tier, double tierTargetPercent, List<ResourceLine> resources,
                        Map<String, String> missing, Map<String, Double> signals, Map<String, String> breakers,
                        List<Deferral> pendingDeferrals, List<String> recommendations, long auditSpoolRows,
                        String dashboardUrl, String metricsUrl) {
        this(node, takenAt, stale, level, worstResource, tier, tierTargetPercent, resources, missing, signals, breakers,
                pendingDeferrals, recommendations, auditSpoolRows, dashboardUrl, metricsUrl, null, takenAt, null, null, null, null);
    }

    /** This report with {@code deferrals} as its pending deferrals, known now. */
    public StatusReport withPendingDeferrals(List<Deferral> deferrals, Instant readAt) {
        return new StatusReport(node, takenAt, stale, level, worstResource, tier, tierTargetPercent, resources, missing,
                signals, breakers, List.copyOf(deferrals), recommendations, auditSpoolRows, dashboardUrl, metricsUrl,
                null, readAt, levelHold, levelReason, oomScore, oomScoreAdj);
    }

    /** One resource: reading against its limit. */
    public record ResourceLine(String resource, double usedPercent, double warnPercent, double maxPercent,
                               double ratio, String source, long ageMs, String detail, String state) {
    }

    /**
     * One pending deferral: the node that deferred it, and the JobRunr job that re-fires it with its
     * page in JobRunr's dashboard ({@code dashboardLink}, null without a dashboard on this node).
     */
    public record Deferral(String job, String priority, int attempt, Instant runAt, String reason, String node,
                           String jobrunrId, String dashboardLink) {

        /** The deferral as listed; {@code dashboardUrl} is this node's JobRunr dashboard, or null. */
        public static Deferral of(PendingDeferral d, String dashboardUrl) {
            String id = d.jobrunrId() == null ? null : d.jobrunrId().toString();
            return new Deferral(d.jobGroup() + "." + d.jobName(), d.priority(), d.attempt(), d.runAt(), d.reason(),
                    d.nodeId(), id, dashboardUrl == null || id == null ? null : dashboardUrl + "/jobs/" + id);
        }
    }

    static StatusReport of(Guard g, Refreshed.Reading<List<PendingDeferral>> stored) {
        List<PendingDeferral> pending = stored.known() ? stored.value() : List.of();
        Snapshot s = g.latest();
        Instant now = g.clock().instant();
        Limits limits = g.policy().limits();
        List<ResourceLine> lines = new ArrayList<>();
        for (Resource r : Resource.values()) {
            Reading reading = s.reading(r);
            if (reading == null) {
                continue;
            }
            double max = limits.max(r);
            double warn = limits.warn(r);
            double used = reading.usedPercent();
            double ratio = limits.of(r).ratio(used);
            String state = ratio >= 1.0 ? "OVER" : used >= warn ? "WARN" : "OK";
            lines.add(new ResourceLine(r.key(), round(used), warn, max, round(ratio * 100) / 100.0,
                    reading.source(), Math.max(0, reading.age(now).toMillis()), reading.detail(), state));
        }
        Map<String, String> missing = new LinkedHashMap<>();
        s.missing().forEach((r, why) -> missing.put(r.key(), why));
        Map<String, String> breakers = new LinkedHashMap<>();
        g.engine().breakers().states().forEach((job, st) -> breakers.put(job, st.name()));
        String dashboard = g.jobrunr().flatMap(j -> j.dashboard()).map(d -> d.url()).orElse(null);
        List<Deferral> deferrals = new ArrayList<>();
        for (PendingDeferral d : pending) {
            deferrals.add(Deferral.of(d, dashboard));
        }
        HostTier tier = tier(g, s);
        var worst = g.engine().currentWorstResource();
        LevelHold hold = g.engine().levelHold();
        return new StatusReport(g.nodeId(), s.takenAt(), s.isStale(now), g.engine().currentLevel(),
                worst == null ? null : worst.key(), tier.name(), g.config().tiers().target(tier), lines, missing,
                s.signals(), breakers, deferrals, g.checker().recommendedActions(), g.audit() == null ? 0 : g.audit().spooledRows(),
                dashboard, g.http().map(h -> h.baseUri() + "/metrics").orElse(null), stored.unknown(), stored.readAt(),
                hold, levelReason(hold), boxed(OomScore.ownScore()), boxed(OomScore.ownAdj()));
    }

    private static Integer boxed(java.util.OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : null;
    }

    /** "disk sets level 4 (ratio 1.12)", or "disk holds level 2 until 12:03:10Z (its reading alone: level 0)". */
    static String levelReason(LevelHold h) {
        if (h == null) {
            return "nothing measured yet";
        }
        String name = h.resource().key();
        if (!h.held()) {
            return h.level() == 0 ? "every resource below its bands (worst: " + name + ", ratio " + ratio(h.ratio()) + ")"
                    : name + " sets level " + h.level() + " (ratio " + ratio(h.ratio()) + ")";
        }
        String until = h.heldUntil() != null ? " until " + h.heldUntil().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                : " until its ratio stays below " + ratio(h.fallBelowRatio()) + " for the dwell time";
        return name + " holds level " + h.level() + " by hysteresis" + until + " (ratio now " + ratio(h.ratio())
                + ", level " + h.readingLevel() + " alone)";
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", r);
    }

    static HostTier tier(Guard g, Snapshot s) {
        return tier(g.config(), s);
    }

    /** The tier set in guard.yaml, else detected from the snapshot's RAM and GPU. */
    static HostTier tier(ai.ringrift.guard.config.GuardConfig config, Snapshot s) {
        var fixed = config.tiers().fixedTier();
        if (fixed.isPresent()) {
            return fixed.get();
        }
        Reading mem = s == null ? null : s.reading(Resource.MEMORY);
        long ram = mem == null ? 0 : mem.totalBytes();
        return HostTier.detectFromBytes(ram, s != null && s.reading(Resource.GPU) != null);
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
