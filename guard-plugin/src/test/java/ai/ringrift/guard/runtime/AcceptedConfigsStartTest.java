package ai.ringrift.guard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.EnvSubstitution;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.HostCapacity;
import ai.ringrift.guard.config.LoadResult;
import ai.ringrift.guard.config.Problem;
import ai.ringrift.guard.config.ValidationContext;
import ai.ringrift.guard.pipeline.Backoff;
import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.GuardRequest;
import ai.ringrift.guard.sample.FakeSource;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.scheduler.SchedulerSettings;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * One config model, shown: random {@code guard.yaml} files across the key space, with values at
 * and beside every bound. Every file the validator accepts starts the guard (the real sampler,
 * engine, breakers, spawn limiter and audit writer on H2, JobRunr and HTTP off for speed) and
 * builds the deferral service and JobRunr settings; so whatever starting refuses, the validator
 * refused first, with a path and a line.
 */
class AcceptedConfigsStartTest {

    private static final HostCapacity HOST = new HostCapacity(16, 64, 24, 1000);
    private static final Path DIR = Path.of("target", "accepted-configs-" + ProcessHandle.current().pid());
    private static final ConfigLoader LOADER =
            new ConfigLoader(ValidationContext.of(HOST), new EnvSubstitution(Map.<String, String>of()::get));
    private static Database db;

    @BeforeContainer
    static void openDatabase() {
        db = Database.openAndMigrate(DatabaseSettings.h2File(DIR.resolve("db").toAbsolutePath()));
    }

    @AfterContainer
    static void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    /** One key of guard.yaml and the values tried for it: at, just inside and just outside its bounds. */
    private record Key(String path, List<String> values) {
    }

    private static Key key(String path, String... values) {
        return new Key(path, List.of(values));
    }

    private static List<Key> keys() {
        List<Key> keys = new ArrayList<>();
        keys.add(key("node.id", "n", "n".repeat(128), "n".repeat(129)));
        for (Resource r : Resource.values()) {
            String base = "limits." + r.key() + ".";
            keys.add(key(base + "max", "0", "0.001", "50", "79.99", "80", "100", "100.001", "-1"));
            keys.add(key(base + "warn", "0", "10", "69.99", "70", "80", "99.99", "100", "-0.5"));
            keys.add(key(base + "minFreeGb", "0", "0.5", "50", "-1"));
        }
        keys.add(key("levels.bands", "[0.70, 0.85, 0.95, 1.00]", "[0.5, 0.6, 0.7, 0.8]", "[0.001, 0.002, 0.003, 2]",
                "[0.7, 0.7, 0.95, 1]", "[0.7, 0.85, 0.95, 2.001]", "[0.7, 0.85, 0.95]", "[0, 0.85, 0.95, 1]"));
        keys.add(key("levels.margin", "0", "0.05", "0.4999", "0.5", "0.6999", "0.7", "0.8", "0.999", "1", "-0.01"));
        keys.add(key("levels.dwell", "0s", "1ms", "60s", "1w", "PT-1S"));
        keys.add(key("sampling.interval", "999ms", "1s", "1001ms", "1m"));
        keys.add(key("sampling.staleAfter", "999ms", "1s", "3s", "1h"));
        for (String t : List.of("HIGH_END", "MID_TIER", "LOW_TIER", "CPU_ONLY")) {
            keys.add(key("tiers.targets." + t, "0", "0.1", "65", "100", "100.1"));
        }
        keys.add(key("tiers.tier", "auto", "HIGH_END", "CPU_ONLY"));
        keys.add(key("policy.resize.level2", "0", "0.001", "0.25", "0.5", "0.5000001", "1", "1.01"));
        keys.add(key("policy.resize.level3", "0", "0.001", "0.25", "0.5", "0.5000001", "1", "1.01"));
        for (Priority p : Priority.values()) {
            keys.add(key("policy.failPolicy." + p.name(), "allow", "defer"));
        }
        keys.add(key("policy.shadow", "true", "false"));
        keys.add(key("deferral.initialBackoff", "0s", "1ms", "30s", "15m"));
        keys.add(key("deferral.multiplier", "0.99", "1", "2", "1000"));
        keys.add(key("deferral.maxBackoff", "1ms", "29999ms", "30s", "15m", "1h"));
        keys.add(key("deferral.jitter", "0", "0.2", "0.9999", "1", "-0.01", "1.5"));
        keys.add(key("deferral.maxDeferrals", "0", "1", "20", "1000000"));
        keys.add(key("breaker.consecutiveFailures", "0", "1", "3", "1000000"));
        keys.add(key("breaker.failureRateThreshold", "0", "0.01", "50", "100", "100.01"));
        keys.add(key("breaker.window", "0", "1", "10", "1000", "1001", "5000"));
        keys.add(key("breaker.openDuration", "0s", "1ms", "5m"));
        keys.add(key("breaker.maxOpenDuration", "1ms", "4m59s", "5m", "1h"));
        keys.add(key("spawnRate.perMinute", "0", "0.001", "0.5", "10", "1000000000", "-1"));
        keys.add(key("spawnRate.burst", "0", "1", "5", "1000000"));
        keys.add(key("spawnRate.criticalBypass", "true", "false"));
        keys.add(key("database.poolSize", "0", "1", "10", "1000"));
        keys.add(key("quartz.threadCount", "0", "1", "4", "7", "8", "1000", "1001"));
        keys.add(key("quartz.instanceName", "fleet", "q".repeat(120), "q".repeat(121)));
        keys.add(key("audit.retentionDays", "0", "1", "30"));
        keys.add(key("audit.batchMaxRows", "0", "1", "256", "10000", "10001"));
        keys.add(key("audit.batchMaxWait", "0s", "5ms", "1s", "PT-0.001S"));
        for (String listener : List.of("dashboard", "metrics")) {
            keys.add(key(listener + ".enabled", "true", "false"));
            keys.add(key(listener + ".port", "-1", "0", "65535", "65536"));
            keys.add(key(listener + ".host", "127.0.0.1", "0.0.0.0", "\"\""));
        }
        keys.add(key("dashboard.username", "admin", "\"\""));
        keys.add(key("dashboard.password", "pw", "\"\""));
        keys.add(key("metrics.token", "t0ken", "\"\""));
        return keys;
    }

    @Provide
    Arbitrary<String> configs() {
        List<Key> keys = keys();
        List<Arbitrary<String>> values = new ArrayList<>();
        for (Key k : keys) {
            values.add(Arbitraries.of(k.values()).injectNull(0.94));
        }
        Arbitrary<String> settings = Combinators.combine(values).as(chosen -> {
            Map<String, String> set = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                if (chosen.get(i) != null) {
                    set.put(keys.get(i).path(), chosen.get(i));
                }
            }
            return set;
        }).map(AcceptedConfigsStartTest::yaml);
        // a few cells of the policy table, rarely: most random tables are not monotone
        Arbitrary<String> table = Arbitraries.of("", "", "", "", "", "", "",
                "    level1: {LOW: defer}\n", "    level2: {NORMAL: defer}\n", "    level3: {NORMAL: allow}\n",
                "    level4: {CRITICAL: defer}\n", "    level1: {NORMAL: resize}\n", "    level4: {HIGH: allow}\n");
        // yaml() writes the policy section last, so the table joins it there
        return Combinators.combine(settings, table).as((s, t) -> t.isEmpty() ? s
                : s + (s.startsWith("policy:\n") || s.contains("\npolicy:\n") ? "" : "policy:\n") + "  table:\n" + t);
    }

    /** Nested YAML from dotted paths; sections are grouped so every mapping is written once. */
    static String yaml(Map<String, String> set) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : set.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> m = root;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
                m = next;
            }
            m.put(parts[parts.length - 1], e.getValue());
        }
        root.remove("policy"); // written below, merged with the table cells
        StringBuilder sb = new StringBuilder();
        write(sb, root, "");
        Map<String, Object> policy = new LinkedHashMap<>();
        set.forEach((k, v) -> {
            if (k.startsWith("policy.")) {
                policy.put(k, v);
            }
        });
        if (!policy.isEmpty()) {
            sb.append("policy:\n");
            Map<String, Object> nested = new LinkedHashMap<>();
            policy.forEach((k, v) -> {
                String[] parts = k.substring("policy.".length()).split("\\.");
                if (parts.length == 1) {
                    nested.put(parts[0], v);
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> sub = (Map<String, Object>) nested.computeIfAbsent(parts[0],
                            x -> new LinkedHashMap<>());
                    sub.put(parts[1], v);
                }
            });
            write(sb, nested, "  ");
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Map<String, Object> m, String indent) {
        m.forEach((k, v) -> {
            if (v instanceof Map<?, ?> sub) {
                sb.append(indent).append(k).append(":\n");
                write(sb, (Map<String, Object>) sub, indent + "  ");
            } else {
                sb.append(indent).append(k).append(": ").append(v).append('\n');
            }
        });
    }

    /** What every file gets: paths under target/, no GPU probing, a fixed node id. */
    private static String fixed(String yaml) {
        String d = DIR.toAbsolutePath().toString().replace('\\', '/');
        String fixed = (yaml.startsWith("node:") ? "" : "node: {id: property-node}\n")
                + "sampling:\n  gpu: off\n  dataDir: " + d + "/data\n  diskPaths: [" + d + "]\n"
                + "audit:\n  spoolDir: " + d + "/spool\n";
        // the generated sampling/audit keys join the fixed sections
        StringBuilder merged = new StringBuilder();
        List<String> rest = new ArrayList<>();
        String section = null;
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (String line : yaml.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith(" ")) {
                section = line.substring(0, line.indexOf(':'));
            }
            if ("sampling".equals(section) || "audit".equals(section)) {
                if (line.startsWith(" ")) {
                    extra.computeIfAbsent(section, s -> new ArrayList<>()).add(line);
                }
            } else {
                rest.add(line);
            }
        }
        for (String line : fixed.split("\n")) {
            merged.append(line).append('\n');
            if (line.equals("sampling:") || line.equals("audit:")) {
                for (String e : extra.getOrDefault(line.substring(0, line.length() - 1), List.of())) {
                    merged.append(e).append('\n');
                }
            }
        }
        rest.forEach(l -> merged.append(l).append('\n'));
        return merged.toString();
    }

    @Property(tries = 1500)
    void everyConfigTheValidatorAcceptsStartsTheGuard(@ForAll("configs") String generated) throws Exception {
        String text = fixed(generated);
        LoadResult r = LOADER.loadText(text, "random.yaml");
        Statistics.label("validator").collect(r.ok() ? "accepts" : "rejects");
        Statistics.label("validator").coverage(check -> {
            check.check("accepts").percentage(p -> p >= 5);
            check.check("rejects").percentage(p -> p >= 5);
        });
        if (!r.ok()) {
            assertThat(r.errors()).as(text).allSatisfy(p -> {
                assertThat(p.path()).as(p.toString()).isNotEmpty();
                assertThat(p.line()).as(p.toString()).isPositive();
            });
            return;
        }
        GuardConfig c = r.config();
        Clock clock = Clock.systemUTC();
        List<ReadingSource> sources = List.of(new FakeSource(clock).set(Resource.CPU, 10).set(Resource.MEMORY, 10)
                .set(Resource.DISK, 10));
        GuardOptions options = GuardOptions.defaults().withSources(sources).withClock(clock).withJobRunr(false)
                .withHttp(false);
        try (Guard guard = Guard.start(c, db, options)) {
            Decision d = guard.engine().decide(new GuardRequest("probe", new JobDeclaration(Priority.NORMAL,
                    ResourceNeeds.NONE, null, JobDeclaration.DEFAULT_RESIZABLE_MIN, Set.of()), null, 1), guard.latest());
            assertThat(d).as(text).isNotNull();
        }
        assertThat(Guard.jobrunrSettings(c).dashboardPort()).isEqualTo(c.dashboard().port());
        Backoff backoff = new Backoff(c.deferral());
        assertThat(backoff.maxDeferrals()).isEqualTo(c.deferral().maxDeferrals());
        for (int attempt = 1; attempt <= 3; attempt++) {
            Duration delay = c.deferral().delay(attempt, () -> 0.0);
            assertThat(delay).as(text).isPositive().isLessThanOrEqualTo(c.deferral().maxBackoff());
        }
        assertThat(c.database().toSettings().poolSize()).isEqualTo(c.database().poolSize());
        // the daemon's scheduler (GuardedScheduler.create refuses a pool below what it needs)
        SchedulerSettings scheduler = SchedulerSettings.defaults().withInstanceName(c.quartz().instanceName())
                .withThreadCount(c.quartz().threadCount());
        assertThat(SchedulerSettings.connectionsNeeded(scheduler.threadCount())).as(text)
                .isLessThanOrEqualTo(c.database().poolSize());
        assertThat(r.problems()).allMatch(p -> !p.isError(), "warnings only");
    }

    @Property(tries = 1)
    void theGeneratorReachesBothVerdicts() {
        // a fixed accepted and a fixed rejected file: the property above would be empty without them
        assertThat(LOADER.loadText(fixed("deferral:\n  jitter: 0.9999\n"), "a.yaml").ok()).isTrue();
        LoadResult rejected = LOADER.loadText(fixed("deferral:\n  jitter: 1\n"), "b.yaml");
        assertThat(rejected.errors()).extracting(Problem::path).containsExactly("deferral.jitter");
    }
}
