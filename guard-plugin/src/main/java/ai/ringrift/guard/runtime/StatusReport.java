package ai.ringrift.guard.runtime;

import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.policy.HostTier;
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
 */
public record StatusReport(String node, Instant takenAt, boolean stale, int level, String worstResource,
                           String tier, double tierTargetPercent, List<ResourceLine> resources,
                           Map<String, String> missing, Map<String, Double> signals, Map<String, String> breakers,
                           List<Deferral> pendingDeferrals, List<String> recommendations, long auditSpoolRows,
                           String dashboardUrl, String metricsUrl, String pendingDeferralsUnknown,
                           Instant pendingDeferralsReadAt) {

    /** A report whose pending deferrals are known (read now). */
    public StatusReport(String node, Instant takenAt, boolean stale, int level, String worstResource,
                        String tier, double tierTargetPercent, List<ResourceLine> resources,
                        Map<String, String> missing, Map<String, Double> signals, Map<String, String> breakers,
                        List<Deferral> pendingDeferrals, List<String> recommendations, long auditSpoolRows,
                        String dashboardUrl, String metricsUrl) {
        this(node, takenAt, stale, level, worstResource, tier, tierTargetPercent, resources, missing, signals, breakers,
                pendingDeferrals, recommendations, auditSpoolRows, dashboardUrl, metricsUrl, null, takenAt);
    }

    /** One resource: reading against its limit. */
    public record ResourceLine(String resource, double usedPercent, double warnPercent, double maxPercent,
                               double ratio, String source, long ageMs, String detail, String state) {
    }

    /** One pending deferral, with the node that deferred it. */
    public record Deferral(String job, String priority, int attempt, Instant runAt, String reason, String node) {

        public static Deferral of(PendingDeferral d) {
            return new Deferral(d.jobGroup() + "." + d.jobName(), d.priority(), d.attempt(), d.runAt(), d.reason(),
                    d.nodeId());
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
        List<Deferral> deferrals = new ArrayList<>();
        for (PendingDeferral d : pending) {
            deferrals.add(Deferral.of(d));
        }
        HostTier tier = tier(g, s);
        var worst = g.engine().currentWorstResource();
        return new StatusReport(g.nodeId(), s.takenAt(), s.isStale(now), g.engine().currentLevel(),
                worst == null ? null : worst.key(), tier.name(), g.config().tiers().target(tier), lines, missing,
                s.signals(), breakers, deferrals, g.checker().recommendedActions(), g.audit() == null ? 0 : g.audit().spooledRows(),
                g.jobrunr().flatMap(j -> j.dashboard()).map(d -> d.url()).orElse(null),
                g.http().map(h -> h.baseUri() + "/metrics").orElse(null), stored.unknown(), stored.readAt());
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
