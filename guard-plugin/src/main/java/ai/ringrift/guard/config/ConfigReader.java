package ai.ringrift.guard.config;

import ai.ringrift.guard.caps.CapRule;
import ai.ringrift.guard.caps.CapsSettings;
import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.fleet.FleetSettings;
import ai.ringrift.guard.policy.Action;
import ai.ringrift.guard.policy.FailPolicy;
import ai.ringrift.guard.policy.HostTier;
import ai.ringrift.guard.policy.LevelSettings;
import ai.ringrift.guard.policy.LevelTable;
import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.policy.PolicySettings;
import ai.ringrift.guard.policy.ResourceLimit;
import ai.ringrift.guard.policy.Rule;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.eviction.EvictionSettings;
import ai.ringrift.guard.sample.GpuMode;
import ai.ringrift.guard.sample.SamplingSettings;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Misfire;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns the YAML tree into a {@link GuardConfig}: keys, types and shapes. Missing keys take their
 * defaults; a value that cannot be read is reported and replaced by its default so reading goes on.
 * Whether the values make sense together is {@link ConfigValidator}'s job.
 */
final class ConfigReader {

    static final String[] ROOT_KEYS = {"node", "limits", "levels", "sampling", "tiers", "policy", "deferral",
        "breaker", "spawnRate", "eviction", "database", "quartz", "dashboard", "metrics", "audit", "fleet", "caps",
        "jobs"};
    static final String[] CAP_KEYS = {"name", "match", "perNode", "total", "perMinute", "burst"};
    static final String[] JOB_KEYS = {"name", "class", "cron", "interval", "once", "priority", "needs",
        "parameters", "resizable", "relieves", "enabled", "recover", "misfire"};

    private final ProblemCollector problems;
    private final EnvSubstitution env;

    ConfigReader(ProblemCollector problems, EnvSubstitution env) {
        this.problems = problems;
        this.env = env;
    }

    GuardConfig read(Node root) {
        YamlSection r = new YamlSection(problems, env, "", root, 1, List.of(ROOT_KEYS));
        GuardConfig d = GuardConfig.defaults();
        SamplingSettings sampling = sampling(r.section("sampling", "interval", "staleAfter", "diskPaths", "gpu", "dataDir"));
        return new GuardConfig(
                node(r.section("node", "id", "oomScoreAdj")),
                limits(r.section("limits", java.util.Arrays.stream(Resource.values()).map(Resource::key)
                        .toArray(String[]::new)), d.limits()),
                levels(r.section("levels", "bands", "margin", "dwell"), d.levels()),
                sampling,
                tiers(r.section("tiers", "tier", "targets"), d.tiers()),
                policy(r.section("policy", "table", "resize", "failPolicy", "shadow"), d.policy()),
                deferral(r.section("deferral", "initialBackoff", "multiplier", "maxBackoff", "jitter", "maxDeferrals"),
                        d.deferral()),
                breaker(r.section("breaker", "consecutiveFailures", "failureRateThreshold", "window", "openDuration",
                        "maxOpenDuration"), d.breaker()),
                spawnRate(r.section("spawnRate", "perMinute", "burst", "criticalBypass"), d.spawnRate()),
                eviction(r.section("eviction", "enabled", "interval", "gracePeriod"), d.eviction()),
                database(r.section("database", "url", "user", "password", "poolSize"), d.database()),
                quartz(r.section("quartz", "threadCount", "clustered", "instanceName", "checkinInterval", "idleWait",
                        "batchMaxCount", "batchWindow", "misfireThreshold", "properties"), d.quartz()),
                dashboard(r.section("dashboard", "enabled", "host", "port", "username", "password"), d.dashboard()),
                metrics(r.section("metrics", "enabled", "host", "port", "token"), d.metrics()),
                audit(r.section("audit", "retentionDays", "spoolDir", "batchMaxRows", "batchMaxWait"), d.audit()),
                fleet(r.section("fleet", "heartbeatInterval", "lostAfter", "haltFile", "haltRunsFrom", "scaleJobs",
                        "scaleBand"), d.fleet()),
                caps(r.section("caps", "rules", "lease"), d.caps()),
                jobs(r));
    }

    private NodeConfig node(YamlSection s) {
        Optional<String> id = s.text("id");
        NodeConfig d = id.map(String::trim).filter(v -> !v.isEmpty()).map(NodeConfig::new)
                .orElseGet(NodeConfig::defaults);
        return d.withOomScoreAdj(s.integer("oomScoreAdj", d.oomScoreAdj()));
    }

    private Limits limits(YamlSection s, Limits d) {
        Map<Resource, ResourceLimit> m = new EnumMap<>(Resource.class);
        for (Resource r : Resource.values()) {
            YamlSection l = s.section(r.key(), "max", "warn", "minFreeGb");
            ResourceLimit def = d.of(r);
            m.put(r, new ResourceLimit(l.number("max", def.maxPercent()), l.number("warn", def.warnPercent()),
                    l.number("minFreeGb", def.minFreeGb())));
        }
        return new Limits(m);
    }

    private LevelSettings levels(YamlSection s, LevelSettings d) {
        List<Double> bands = d.bands();
        if (s.has("bands")) {
            List<YamlSection.Element> elements = s.list("bands");
            List<Double> read = new ArrayList<>();
            for (YamlSection.Element e : elements) {
                s.number(e.path(), e.node()).ifPresent(read::add);
            }
            // an unreadable list was reported already: keep the defaults rather than report a follow-on error
            if (s.valueNode("bands") instanceof SequenceNode && read.size() == elements.size()) {
                bands = read;
            }
        }
        return new LevelSettings(bands, s.number("margin", d.margin()), s.duration("dwell", d.dwell()));
    }

    private SamplingSettings sampling(YamlSection s) {
        SamplingSettings d = SamplingSettings.fileDefaults();
        Duration interval = s.duration("interval", d.interval());
        Duration staleAfter = s.duration("staleAfter", interval.multipliedBy(3));
        Path dataDir = s.text("dataDir").map(ConfigReader::path).orElse(d.dataDir());
        List<Path> disks = new ArrayList<>();
        for (YamlSection.Element e : s.list("diskPaths")) {
            s.text(e.path(), e.node()).filter(t -> !t.isBlank()).map(ConfigReader::path).ifPresent(disks::add);
        }
        if (disks.isEmpty()) {
            disks = List.of(dataDir, SamplingSettings.WORKING_DIR);
        }
        return new SamplingSettings(interval, staleAfter, disks, s.choice("gpu", GpuMode.class, d.gpu()), dataDir);
    }

    /** A path as written, normalized ({@code ./data} and {@code data} are the same). */
    static Path path(String text) {
        Path p = Path.of(text.trim()).normalize();
        return p.toString().isEmpty() ? SamplingSettings.WORKING_DIR : p;
    }

    private TiersConfig tiers(YamlSection s, TiersConfig d) {
        HostTier tier = d.tier();
        Optional<String> t = s.text("tier");
        if (t.isPresent()) {
            String v = t.get().trim();
            if (v.equalsIgnoreCase("auto")) {
                tier = null;
            } else {
                tier = null;
                boolean found = false;
                for (HostTier h : HostTier.values()) {
                    if (h.name().equalsIgnoreCase(v)) {
                        tier = h;
                        found = true;
                    }
                }
                if (!found) {
                    problems.error(s.childPath("tier"), s.lineOfValue("tier"),
                            "must be one of auto, HIGH_END, MID_TIER, LOW_TIER, CPU_ONLY (was '" + ConfigLimits.quote(v) + "')");
                }
            }
        }
        YamlSection targets = s.section("targets", names(HostTier.values()));
        Map<HostTier, Double> m = new EnumMap<>(HostTier.class);
        for (HostTier h : HostTier.values()) {
            m.put(h, targets.number(h.name(), d.target(h)));
        }
        return new TiersConfig(tier, m);
    }

    /** A cell of {@code policy.table} as written; {@code resize} at level 3 defers a job that cannot be resized. */
    private enum Cell {
        ALLOW, DEFER, RESIZE, VETO;

        static Cell of(Rule r) {
            return switch (r) {
                case ALLOW -> ALLOW;
                case DEFER -> DEFER;
                case RESIZE, RESIZE_OR_DEFER -> RESIZE;
                case VETO -> VETO;
            };
        }

        Rule rule(int level) {
            return switch (this) {
                case ALLOW -> Rule.ALLOW;
                case DEFER -> Rule.DEFER;
                case RESIZE -> level >= 3 ? Rule.RESIZE_OR_DEFER : Rule.RESIZE;
                case VETO -> Rule.VETO;
            };
        }
    }

    /** A cell of {@code policy.failPolicy}. */
    private enum FailChoice {
        ALLOW, DEFER
    }

    private PolicySettings policy(YamlSection s, PolicySettings d) {
        YamlSection table = s.section("table", "level0", "level1", "level2", "level3", "level4");
        List<List<Rule>> rows = new ArrayList<>();
        for (int level = 0; level < LevelTable.LEVELS; level++) {
            YamlSection row = table.section("level" + level, names(Priority.values()));
            List<Rule> cells = new ArrayList<>();
            for (Priority p : Priority.values()) {
                Rule def = d.table().rule(level, p);
                cells.add(row.has(p.name()) ? row.choice(p.name(), Cell.class, Cell.of(def)).rule(level) : def);
            }
            rows.add(cells);
        }
        YamlSection resize = s.section("resize", "level2", "level3");
        YamlSection fail = s.section("failPolicy", names(Priority.values()));
        Map<Priority, Action> failPolicy = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            FailChoice def = FailChoice.valueOf(d.failPolicy().actionFor(p).name());
            failPolicy.put(p, Action.valueOf(fail.choice(p.name(), FailChoice.class, def).name()));
        }
        return new PolicySettings(LevelTable.read(rows), resize.number("level2", d.resizeLevel2()),
                resize.number("level3", d.resizeLevel3()), new FailPolicy(failPolicy, d.failPolicy().deferHint()),
                s.bool("shadow", d.shadow()));
    }

    private DeferralSettings deferral(YamlSection s, DeferralSettings d) {
        return new DeferralSettings(s.duration("initialBackoff", d.initialBackoff()),
                s.number("multiplier", d.multiplier()), s.duration("maxBackoff", d.maxBackoff()),
                s.number("jitter", d.jitter()), s.integer("maxDeferrals", d.maxDeferrals()));
    }

    private BreakerSettings breaker(YamlSection s, BreakerSettings d) {
        return new BreakerSettings(s.integer("consecutiveFailures", d.consecutiveFailures()),
                s.number("failureRateThreshold", d.failureRateThreshold()), s.integer("window", d.window()),
                s.duration("openDuration", d.openDuration()), s.duration("maxOpenDuration", d.maxOpenDuration()));
    }

    private SpawnRateSettings spawnRate(YamlSection s, SpawnRateSettings d) {
        return new SpawnRateSettings(s.number("perMinute", d.perMinute()), s.integer("burst", d.burst()),
                s.bool("criticalBypass", d.criticalBypass()));
    }

    private EvictionSettings eviction(YamlSection s, EvictionSettings d) {
        return new EvictionSettings(s.bool("enabled", d.enabled()),
                s.duration("interval", d.interval()),
                s.duration("gracePeriod", d.gracePeriod()));
    }

    private DatabaseConfig database(YamlSection s, DatabaseConfig d) {
        return new DatabaseConfig(s.string("url", d.url()).trim(), s.string("user", d.user()),
                s.string("password", d.password()), s.integer("poolSize", d.poolSize()));
    }

    private QuartzConfig quartz(YamlSection s, QuartzConfig d) {
        YamlSection props = s.freeSection("properties");
        Map<String, String> properties = new LinkedHashMap<>();
        for (String key : props.keys()) {
            props.text(key).ifPresent(v -> properties.put(key, v));
        }
        return new QuartzConfig(s.integer("threadCount", d.threadCount()), s.choice("clustered", Toggle.class, d.clustered()),
                s.string("instanceName", d.instanceName()).trim(), s.duration("checkinInterval", d.checkinInterval()),
                s.duration("idleWait", d.idleWait()), s.integer("batchMaxCount", d.batchMaxCount()),
                s.duration("batchWindow", d.batchWindow()), s.duration("misfireThreshold", d.misfireThreshold()),
                properties);
    }

    private FleetSettings fleet(YamlSection s, FleetSettings d) {
        List<String> scaleJobs = d.scaleJobs();
        if (s.has("scaleJobs")) {
            List<String> read = new ArrayList<>();
            for (YamlSection.Element e : s.list("scaleJobs")) {
                s.text(e.path(), e.node()).map(String::trim).ifPresent(read::add);
            }
            scaleJobs = read;
        }
        return new FleetSettings(s.duration("heartbeatInterval", d.heartbeatInterval()),
                s.duration("lostAfter", d.lostAfter()),
                s.text("haltFile").filter(t -> !t.isBlank()).map(ConfigReader::path).orElse(d.haltFile()),
                s.choice("haltRunsFrom", Priority.class, d.haltRunsFrom()), scaleJobs,
                s.number("scaleBand", d.scaleBand()));
    }

    private DashboardConfig dashboard(YamlSection s, DashboardConfig d) {
        return new DashboardConfig(s.bool("enabled", d.enabled()), s.string("host", d.host()).trim(),
                s.integer("port", d.port()), s.string("username", d.username()), s.string("password", d.password()));
    }

    private MetricsConfig metrics(YamlSection s, MetricsConfig d) {
        return new MetricsConfig(s.bool("enabled", d.enabled()), s.string("host", d.host()).trim(),
                s.integer("port", d.port()), s.string("token", d.token()));
    }

    private AuditConfig audit(YamlSection s, AuditConfig d) {
        return new AuditConfig(s.integer("retentionDays", d.retentionDays()),
                s.text("spoolDir").filter(t -> !t.isBlank()).map(ConfigReader::path).orElse(d.spoolDir()),
                s.integer("batchMaxRows", d.batchMaxRows()), s.duration("batchMaxWait", d.batchMaxWait()));
    }

    private CapsSettings caps(YamlSection s, CapsSettings d) {
        List<CapRule> rules = d.rules();
        if (s.has("rules")) {
            rules = new ArrayList<>();
            for (YamlSection.Element e : s.list("rules")) {
                YamlSection c = s.element(e, CAP_KEYS);
                String name = c.string("name", "").trim();
                if (name.isEmpty()) {
                    problems.error(c.childPath("name"), c.line(), "is required: name the cap (e.g. selfplay)");
                }
                rules.add(new CapRule(name, c.text("match").map(String::trim).orElse(null),
                        c.integer("perNode", 0), c.integer("total", 0), c.number("perMinute", 0),
                        c.integer("burst", CapRule.DEFAULT_BURST)));
            }
        }
        return new CapsSettings(rules, s.duration("lease", d.lease()));
    }

    private List<JobConfig> jobs(YamlSection root) {
        List<JobConfig> jobs = new ArrayList<>();
        for (YamlSection.Element e : root.list("jobs")) {
            jobs.add(job(root.element(e, JOB_KEYS)));
        }
        return jobs;
    }

    private JobConfig job(YamlSection s) {
        String name = s.string("name", "").trim();
        String className = s.string("class", "").trim();
        String cron = s.text("cron").map(String::trim).orElse(null);
        Duration interval = s.duration("interval", (Duration) null);
        boolean once = s.bool("once", false);
        Priority priority = s.choice("priority", Priority.class, Priority.NORMAL);
        YamlSection n = s.section("needs", "cpuCores", "memoryGb", "gpuMemoryGb", "diskGb");
        ResourceNeeds needs = new ResourceNeeds(size(n, "cpuCores"), size(n, "memoryGb"), size(n, "gpuMemoryGb"),
                size(n, "diskGb"));
        YamlSection params = s.freeSection("parameters");
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String key : params.keys()) {
            params.text(key).ifPresent(v -> parameters.put(key, v));
        }
        ResizableConfig resizable = null;
        if (s.has("resizable")) {
            YamlSection r = s.section("resizable", "param", "min");
            String param = r.string("param", "").trim();
            if (param.isEmpty()) {
                problems.error(r.childPath("param"), r.line(),
                        "is required: name the integer parameter the guard may shrink (e.g. num_games)");
            }
            resizable = new ResizableConfig(param, r.integer("min", JobDeclaration.DEFAULT_RESIZABLE_MIN));
        }
        Set<Resource> relieves = EnumSet.noneOf(Resource.class);
        for (YamlSection.Element e : s.list("relieves")) {
            s.text(e.path(), e.node()).ifPresent(t -> {
                try {
                    relieves.add(Resource.parse(t));
                } catch (IllegalArgumentException ex) {
                    problems.error(e.path(), YamlSection.line(e.node()), "must be one of cpu, memory, gpu, disk (was '"
                            + ConfigLimits.quote(t) + "')");
                }
            });
        }
        return new JobConfig(name, className, cron, interval, once, priority, needs, parameters, resizable, relieves,
                s.bool("enabled", true), s.has("recover") ? s.bool("recover", false) : null, misfire(s));
    }

    /** {@code misfire}: one of the policies' keys, or absent (the schedule's default). */
    private Misfire misfire(YamlSection s) {
        Optional<String> t = s.text("misfire");
        if (t.isEmpty()) {
            return null;
        }
        try {
            return Misfire.parse(t.get());
        } catch (IllegalArgumentException e) {
            problems.error(s.childPath("misfire"), s.lineOfValue("misfire"), "must be one of " + Misfire.keys()
                    + " (was '" + ConfigLimits.quote(t.get().trim()) + "'): fireOnce runs once for the missed fires,"
                    + " skip waits for the next scheduled time, fireAll runs every missed fire");
            return null;
        }
    }

    /** A size need: a number of 0 or more; a negative one is reported and read as 0. */
    private double size(YamlSection s, String key) {
        double v = s.number(key, 0);
        if (v < 0) {
            problems.error(s.childPath(key), s.lineOfValue(key), "must be 0 or more (was " + ai.ringrift.guard.settings.Checks.number(v) + ")");
            return 0;
        }
        return v;
    }

    private static String[] names(Enum<?>[] values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].name();
        }
        return out;
    }
}
