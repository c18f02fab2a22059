package ai.ringrift.guard.config;

import ai.ringrift.db.time.Durations;
import ai.ringrift.guard.caps.CapRule;
import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.fleet.FleetSettings;
import ai.ringrift.guard.policy.LevelTable;
import ai.ringrift.guard.policy.PolicySettings;
import ai.ringrift.guard.policy.ResourceLimit;
import ai.ringrift.guard.policy.Rule;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.sample.SamplingSettings;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a {@link GuardConfig} as {@code guard.yaml} text (every key, explicit values) and the
 * canonical form its {@link GuardConfig#configHash() hash} is taken over.
 */
public final class ConfigWriter {

    private ConfigWriter() {
    }

    /** Complete YAML that {@link ConfigLoader} reads back to an equal configuration. */
    public static String toYaml(GuardConfig c) {
        return dump(escapeReferences(tree(c, false)));
    }

    /** Writes a literal {@code ${} as {@code $${} so that loading does not substitute it. */
    @SuppressWarnings("unchecked")
    private static <T> T escapeReferences(T value) {
        if (value instanceof String s) {
            return (T) s.replace("${", "$${");
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, escapeReferences(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(escapeReferences(v)));
            return (T) out;
        }
        return value;
    }

    /** The normalized text behind the hash: no node id, secrets only as set/unset, sorted maps. */
    static String canonical(GuardConfig c) {
        return dump(tree(c, true));
    }

    private static String dump(Map<String, Object> tree) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setWidth(200);
        o.setSplitLines(false);
        return new Yaml(o).dump(tree);
    }

    private static Map<String, Object> tree(GuardConfig c, boolean canonical) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!canonical) {
            root.put("node", map("id", c.node().id(), "oomScoreAdj", c.node().oomScoreAdj()));
        }
        Map<String, Object> limits = new LinkedHashMap<>();
        for (Resource r : Resource.values()) {
            ResourceLimit l = c.limits().of(r);
            limits.put(r.key(), map("max", l.maxPercent(), "warn", l.warnPercent(), "minFreeGb", l.minFreeGb()));
        }
        root.put("limits", limits);
        root.put("levels", map("bands", new ArrayList<>(c.levels().bands()), "margin", c.levels().margin(),
                "dwell", Durations.format(c.levels().dwell())));
        SamplingSettings s = c.sampling();
        root.put("sampling", map("interval", Durations.format(s.interval()),
                "staleAfter", Durations.format(s.staleAfter()),
                "diskPaths", s.diskPaths().stream().map(Path::toString).toList(),
                "gpu", lower(s.gpu()), "dataDir", s.dataDir().toString()));
        Map<String, Object> targets = new LinkedHashMap<>();
        c.tiers().targets().forEach((t, v) -> targets.put(t.name(), v));
        root.put("tiers", map("tier", c.tiers().auto() ? "auto" : c.tiers().tier().name(), "targets", targets));
        PolicySettings p = c.policy();
        Map<String, Object> table = new LinkedHashMap<>();
        for (int level = 0; level < LevelTable.LEVELS; level++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Priority pr : Priority.values()) {
                row.put(pr.name(), cell(p.table().rule(level, pr), level, canonical));
            }
            table.put("level" + level, row);
        }
        Map<String, Object> fail = new LinkedHashMap<>();
        p.failPolicy().byPriority().forEach((pr, a) -> fail.put(pr.name(), lower(a)));
        root.put("policy", map("table", table, "resize", map("level2", p.resizeLevel2(), "level3", p.resizeLevel3()),
                "failPolicy", fail, "shadow", p.shadow()));
        DeferralSettings d = c.deferral();
        root.put("deferral", map("initialBackoff", Durations.format(d.initialBackoff()), "multiplier", d.multiplier(),
                "maxBackoff", Durations.format(d.maxBackoff()), "jitter", d.jitter(), "maxDeferrals", d.maxDeferrals()));
        BreakerSettings b = c.breaker();
        root.put("breaker", map("consecutiveFailures", b.consecutiveFailures(),
                "failureRateThreshold", b.failureRateThreshold(), "window", b.window(),
                "openDuration", Durations.format(b.openDuration()),
                "maxOpenDuration", Durations.format(b.maxOpenDuration())));
        root.put("spawnRate", map("perMinute", c.spawnRate().perMinute(), "burst", c.spawnRate().burst(),
                "criticalBypass", c.spawnRate().criticalBypass()));
        Map<String, Object> eviction = map("enabled", c.eviction().enabled());
        if (c.eviction().interval() != null) {
            eviction.put("interval", Durations.format(c.eviction().interval()));
        }
        eviction.put("gracePeriod", Durations.format(c.eviction().gracePeriod()));
        root.put("eviction", eviction);
        DatabaseConfig db = c.database();
        root.put("database", map("url", db.url(), "user", db.user(), "password", secret(db.password(), canonical),
                "poolSize", db.poolSize()));
        QuartzConfig q = c.quartz();
        root.put("quartz", map("threadCount", q.threadCount(), "clustered", lower(q.clustered()),
                "instanceName", q.instanceName(), "checkinInterval", Durations.format(q.checkinInterval()),
                "idleWait", Durations.format(q.idleWait()), "batchMaxCount", q.batchMaxCount(),
                "batchWindow", Durations.format(q.batchWindow()),
                "misfireThreshold", Durations.format(q.misfireThreshold()), "properties", new TreeMap<>(q.properties())));
        DashboardConfig dash = c.dashboard();
        root.put("dashboard", map("enabled", dash.enabled(), "host", dash.host(), "port", dash.port(),
                "username", dash.username(), "password", secret(dash.password(), canonical)));
        MetricsConfig m = c.metrics();
        root.put("metrics", map("enabled", m.enabled(), "host", m.host(), "port", m.port(),
                "token", secret(m.token(), canonical)));
        AuditConfig a = c.audit();
        root.put("audit", map("retentionDays", a.retentionDays(), "spoolDir", a.spoolDir().toString(),
                "batchMaxRows", a.batchMaxRows(), "batchMaxWait", Durations.format(a.batchMaxWait())));
        FleetSettings f = c.fleet();
        Map<String, Object> fleet = map("heartbeatInterval", Durations.format(f.heartbeatInterval()),
                "lostAfter", Durations.format(f.lostAfter()));
        if (f.haltFile() != null) {
            fleet.put("haltFile", f.haltFile().toString());
        }
        fleet.put("haltRunsFrom", f.haltRunsFrom().name());
        fleet.put("scaleJobs", f.scaleJobs());
        fleet.put("scaleBand", f.scaleBand());
        root.put("fleet", fleet);
        List<Object> caps = new ArrayList<>();
        for (CapRule r : c.caps().rules()) {
            caps.add(map("name", r.name(), "match", r.match(), "perNode", r.perNode(), "total", r.total(),
                    "perMinute", r.perMinute(), "burst", r.burst()));
        }
        root.put("caps", map("rules", caps, "lease", Durations.format(c.caps().lease())));
        List<Object> jobs = new ArrayList<>();
        for (JobConfig j : c.jobs()) {
            jobs.add(job(j, canonical));
        }
        root.put("jobs", jobs);
        return root;
    }

    private static Map<String, Object> job(JobConfig j, boolean canonical) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", j.name());
        m.put("class", j.className());
        if (j.cron() != null) {
            m.put("cron", j.cron());
        }
        if (j.interval() != null) {
            m.put("interval", Durations.format(j.interval()));
        }
        if (j.once()) {
            m.put("once", true);
        }
        m.put("priority", j.priority().name());
        m.put("needs", map("cpuCores", j.needs().cpuCores(), "memoryGb", j.needs().memoryGb(),
                "gpuMemoryGb", j.needs().gpuMemoryGb(), "diskGb", j.needs().diskGb()));
        m.put("parameters", canonical ? new TreeMap<>(j.parameters()) : new LinkedHashMap<>(j.parameters()));
        if (j.resizable() != null) {
            m.put("resizable", map("param", j.resizable().param(), "min", j.resizable().min()));
        }
        m.put("relieves", j.relieves().stream().map(Resource::key).sorted().toList());
        m.put("enabled", j.enabled());
        if (j.recover() != null) {
            m.put("recover", j.recover());
        }
        if (j.misfire() != null) {
            m.put("misfire", j.misfire().key());
        }
        return m;
    }

    /**
     * A table cell as the file spells it: {@code resize} at level 3 is read as "resize, or defer a job
     * that cannot be resized"; the canonical form keeps the two kinds of resize apart.
     */
    private static String cell(Rule rule, int level, boolean canonical) {
        if (!canonical && (rule == Rule.RESIZE || rule == Rule.RESIZE_OR_DEFER)) {
            return "resize";
        }
        return rule.key();
    }

    private static String secret(String value, boolean canonical) {
        if (!canonical) {
            return value == null ? "" : value;
        }
        return value == null || value.isEmpty() ? "<unset>" : "<set>";
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
