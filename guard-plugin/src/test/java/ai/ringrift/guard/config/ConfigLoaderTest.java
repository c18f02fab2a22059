package ai.ringrift.guard.config;

import ai.ringrift.guard.policy.HostTier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.policy.Action;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.LevelSettings;
import ai.ringrift.guard.policy.LevelTable;
import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.policy.ResourceLimit;
import ai.ringrift.guard.policy.Rule;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Misfire;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, the reference file, a complete config, env substitution, hashing and shapes. */
class ConfigLoaderTest {

    static final HostCapacity HOST = new HostCapacity(16, 64, 24, 1000);

    static final String COMPLETE = """
            node:
              id: gpu-node-7
            limits:
              cpu: {max: 90, warn: 80}
              memory: {max: 85, warn: 75, minFreeGb: 4}
              gpu: {max: 90, warn: 85, minFreeGb: 2}
              disk: {max: 75, warn: 70, minFreeGb: 50}
            levels:
              bands: [0.6, 0.8, 0.9, 1.1]
              margin: 0.1
              dwell: 2m
            sampling:
              interval: 2s
              diskPaths: [/srv/ringrift, ./tmp/../scratch]
              gpu: off
              dataDir: /srv/ringrift
            tiers:
              tier: mid_tier
              targets: {HIGH_END: 70, CPU_ONLY: 45}
            policy:
              table:
                level1: {LOW: defer}
                level4: {CRITICAL: defer}
              resize: {level2: 0.6, level3: 0.3}
              failPolicy: {NORMAL: allow, HIGH: defer}
              shadow: yes
            deferral: {initialBackoff: 10s, multiplier: 1.5, maxBackoff: PT30M, jitter: 0, maxDeferrals: 5}
            breaker: {consecutiveFailures: 5, failureRateThreshold: 40%, window: 20, openDuration: 1m, maxOpenDuration: 2h}
            spawnRate: {perMinute: 30, burst: 10, criticalBypass: false}
            database:
              url: jdbc:postgresql://db.internal:5432/ringrift
              user: ringrift
              password: ${DB_PASSWORD}
              poolSize: 20
            quartz: {threadCount: 8, clustered: on, instanceName: fleet-a}
            dashboard: {enabled: true, host: 0.0.0.0, port: 8080, username: admin, password: "${DASH_PW:-changeit}"}
            metrics: {enabled: false, host: 0.0.0.0, port: 9500}
            audit: {retentionDays: 90, spoolDir: /var/spool/ringrift, batchMaxRows: 512, batchMaxWait: 10ms}
            jobs:
              - name: selfplay
                class: ai.ringrift.guard.config.SampleJob
                interval: 10m
                priority: normal
                needs: {cpuCores: 2, memoryGb: 2, gpuMemoryGb: 4, diskGb: 1}
                parameters:
                  num_games: "200"
                  board: square8
                resizable: {param: num_games, min: 10}
              - name: cleanup
                class: ai.ringrift.guard.config.SampleJob
                cron: "0 0 * * * ?"
                priority: BACKGROUND
                relieves: [disk]
              - name: warmup
                class: ai.ringrift.guard.config.SampleJob
                once: true
                priority: CRITICAL
                enabled: false
            """;

    static ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(ValidationContext.of(HOST), new EnvSubstitution(env::get));
    }

    static GuardConfig load(String text) {
        LoadResult r = loader(Map.of()).loadText(text, "test.yaml");
        assertThat(r.problems()).as(r.problems().toString()).isEmpty();
        return r.config();
    }

    static String reference() throws IOException {
        try (InputStream in = GuardConfig.class.getResourceAsStream("guard-reference.yaml")) {
            assertThat(in).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void emptyAndCommentOnlyFilesGiveTheDefaults() {
        GuardConfig d = GuardConfig.defaults();
        assertThat(load("")).isEqualTo(d);
        assertThat(load("# nothing set\n\n")).isEqualTo(d);
        assertThat(load("limits:\nlevels: ~\n")).isEqualTo(d);
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        GuardConfig d = GuardConfig.defaults();
        assertThat(d.limits()).isEqualTo(Limits.DEFAULTS);
        assertThat(d.levels().bands()).containsExactly(0.70, 0.85, 0.95, 1.00);
        assertThat(d.levels().margin()).isEqualTo(0.05);
        assertThat(d.levels().dwell()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.sampling().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.sampling().staleAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.sampling().diskPaths()).containsExactly(Path.of("data"), Path.of("."));
        assertThat(d.tiers().auto()).isTrue();
        assertThat(d.tiers().targets()).containsEntry(HostTier.HIGH_END, 65.0).containsEntry(HostTier.MID_TIER, 60.0)
                .containsEntry(HostTier.LOW_TIER, 55.0).containsEntry(HostTier.CPU_ONLY, 50.0);
        LevelTable t = d.policy().table();
        assertThat(t).isEqualTo(LevelTable.DEFAULT);
        assertThat(t.rule(0, Priority.BACKGROUND)).isEqualTo(Rule.ALLOW);
        assertThat(t.rule(1, Priority.BACKGROUND)).isEqualTo(Rule.DEFER);
        assertThat(t.rule(2, Priority.NORMAL)).isEqualTo(Rule.RESIZE);
        assertThat(t.rule(3, Priority.NORMAL)).isEqualTo(Rule.RESIZE_OR_DEFER);
        assertThat(t.rule(3, Priority.LOW)).isEqualTo(Rule.DEFER);
        assertThat(t.rule(4, Priority.BACKGROUND)).isEqualTo(Rule.VETO);
        assertThat(t.rule(4, Priority.HIGH)).isEqualTo(Rule.DEFER);
        assertThat(t.rule(4, Priority.CRITICAL)).isEqualTo(Rule.ALLOW);
        assertThat(d.policy().resizeFraction(2)).isEqualTo(0.5);
        assertThat(d.policy().resizeFraction(3)).isEqualTo(0.25);
        assertThat(d.policy().failPolicy().actionFor(Priority.HIGH)).isEqualTo(Action.ALLOW);
        assertThat(d.policy().failPolicy().actionFor(Priority.NORMAL)).isEqualTo(Action.DEFER);
        assertThat(d.engine()).isEqualTo(EngineSettings.DEFAULTS);
        assertThat(d.deferral()).isEqualTo(new DeferralSettings(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(15), 0.2, 20));
        assertThat(d.breaker()).isEqualTo(new BreakerSettings(3, 50, 10, Duration.ofMinutes(5), Duration.ofHours(1)));
        assertThat(d.spawnRate()).isEqualTo(new SpawnRateSettings(10, 5, true));
        assertThat(d.database().toSettings().url()).isEqualTo("jdbc:h2:file:./data/ringrift;AUTO_SERVER=TRUE");
        assertThat(d.quartz()).isEqualTo(new QuartzConfig(4, Toggle.AUTO, "ringrift"));
        assertThat(d.dashboard()).isEqualTo(new DashboardConfig(true, "127.0.0.1", 8000, "", ""));
        assertThat(d.metrics()).isEqualTo(new MetricsConfig(true, "127.0.0.1", 9400, ""));
        assertThat(d.audit()).isEqualTo(new AuditConfig(30, Path.of("data/audit-spool"), 256, Duration.ofMillis(5)));
        assertThat(d.node().id()).isNotBlank();
        assertThat(new ConfigValidator(ValidationContext.of(HOST)).validate(d)).isEmpty();
    }

    @Test
    void referenceFileLoadsCleanAndEqualsTheDefaults() throws IOException {
        LoadResult r = loader(Map.of()).loadText(reference(), "guard-reference.yaml");

        assertThat(r.problems()).isEmpty();
        assertThat(r.config()).isEqualTo(GuardConfig.defaults());
        assertThat(r.config().configHash()).isEqualTo(GuardConfig.defaults().configHash());
    }

    @Test
    void referenceFileNamesEveryKeyOfEverySection() throws IOException {
        String ref = reference();
        for (String key : ConfigReader.ROOT_KEYS) {
            assertThat(ref).contains("\n" + key + ":");
        }
        for (String key : ConfigReader.JOB_KEYS) {
            assertThat(ref).contains(key + ":");
        }
        for (String key : List.of("staleAfter", "minFreeGb", "failPolicy", "criticalBypass", "maxOpenDuration",
                "batchMaxWait", "instanceName", "clustered", "token", "spoolDir")) {
            assertThat(ref).contains(key + ":");
        }
    }

    @Test
    void missingFileGivesDefaultsWithAWarning(@TempDir Path dir) {
        LoadResult r = loader(Map.of()).loadFile(dir.resolve("guard.yaml"));

        assertThat(r.config()).isEqualTo(GuardConfig.defaults());
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("file not found");
    }

    @Test
    void loadsAFileFromDiskNamingItInProblems(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("guard.yaml");
        Files.writeString(file, "limits:\n  gpu:\n    warn: 95\n");

        LoadResult r = loader(Map.of()).loadFile(file);

        assertThat(r.config()).isNull();
        assertThat(r.problems()).singleElement().hasToString(
                file + ":3: limits.gpu.warn: warn must be below max (warn 95 >= max 80)");
        assertThatThrownBy(r::orThrow).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("limits.gpu.warn");
    }

    @Test
    void completeConfigIsReadValueByValue() {
        GuardConfig c = loader(Map.of("DB_PASSWORD", "s3cret")).loadText(COMPLETE, "complete.yaml").orThrow();

        assertThat(c.node().id()).isEqualTo("gpu-node-7");
        Limits limits = c.limits();
        assertThat(limits.max(Resource.CPU)).isEqualTo(90);
        assertThat(limits.of(Resource.DISK).minFreeGb()).isEqualTo(50);
        assertThat(c.limits().of(Resource.MEMORY)).isEqualTo(new ResourceLimit(85, 75, 4));
        assertThat(c.levels()).isEqualTo(new LevelSettings(List.of(0.6, 0.8, 0.9, 1.1), 0.1, Duration.ofMinutes(2)));
        assertThat(c.sampling().staleAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(c.sampling().diskPaths()).containsExactly(Path.of("/srv/ringrift"), Path.of("scratch"));
        assertThat(c.sampling().gpu()).isEqualTo(ai.ringrift.guard.sample.GpuMode.OFF);
        assertThat(c.tiers().fixedTier()).contains(HostTier.MID_TIER);
        assertThat(c.tiers().target(HostTier.HIGH_END)).isEqualTo(70);
        assertThat(c.tiers().target(HostTier.MID_TIER)).isEqualTo(60);
        assertThat(c.policy().table().rule(1, Priority.LOW)).isEqualTo(Rule.DEFER);
        assertThat(c.policy().table().rule(4, Priority.CRITICAL)).isEqualTo(Rule.DEFER);
        assertThat(c.policy().table().rule(2, Priority.NORMAL)).isEqualTo(Rule.RESIZE);
        assertThat(c.policy().resizeFraction(3)).isEqualTo(0.3);
        assertThat(c.policy().failPolicy().actionFor(Priority.NORMAL)).isEqualTo(Action.ALLOW);
        assertThat(c.policy().failPolicy().actionFor(Priority.HIGH)).isEqualTo(Action.DEFER);
        assertThat(c.policy().shadow()).isTrue();
        assertThat(c.deferral().maxBackoff()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.breaker().failureRateThreshold()).isEqualTo(40);
        assertThat(c.spawnRate().criticalBypass()).isFalse();
        assertThat(c.database().password()).isEqualTo("s3cret");
        assertThat(c.database().toString()).doesNotContain("s3cret");
        assertThat(c.quartz().clustered()).isEqualTo(Toggle.ON);
        assertThat(c.dashboard().password()).isEqualTo("changeit");
        assertThat(c.dashboard().toString()).doesNotContain("changeit");
        assertThat(c.metrics().enabled()).isFalse();
        assertThat(c.audit().spoolDir()).isEqualTo(Path.of("/var/spool/ringrift"));

        assertThat(c.jobs()).extracting(JobConfig::name).containsExactly("selfplay", "cleanup", "warmup");
        JobConfig selfplay = c.jobs().get(0);
        assertThat(selfplay.schedule()).isEqualTo(new JobSchedule.Every(Duration.ofMinutes(10)));
        assertThat(selfplay.parameters()).containsExactly(Map.entry("num_games", "200"), Map.entry("board", "square8"));
        assertThat(selfplay.toJobDeclaration()).isEqualTo(new JobDeclaration(Priority.NORMAL,
                new ResourceNeeds(2, 2, 4, 1), "num_games", 10, Set.of()));
        JobConfig cleanup = c.jobs().get(1);
        assertThat(cleanup.schedule()).isEqualTo(new JobSchedule.Cron("0 0 * * * ?"));
        assertThat(cleanup.toJobDeclaration().relieves()).containsExactly(Resource.DISK);
        assertThat(cleanup.toJobDeclaration().resizable()).isEmpty();
        JobConfig warmup = c.jobs().get(2);
        assertThat(warmup.schedule()).isEqualTo(new JobSchedule.Once());
        assertThat(warmup.enabled()).isFalse();
        assertThat(warmup.priority()).isEqualTo(Priority.CRITICAL);
    }

    @Test
    void completeConfigRoundTripsThroughYaml() {
        GuardConfig c = loader(Map.of("DB_PASSWORD", "pa${ss")).loadText(COMPLETE, "complete.yaml").orThrow();
        assertThat(c.database().password()).isEqualTo("pa${ss");

        String yaml = c.toYaml();
        LoadResult again = loader(Map.of()).loadText(yaml, "written.yaml");

        assertThat(again.problems()).isEmpty();
        assertThat(again.config()).isEqualTo(c);
        assertThat(again.config().configHash()).isEqualTo(c.configHash());
        GuardConfig d = GuardConfig.defaults();
        assertThat(loader(Map.of()).loadText(d.toYaml(), "d.yaml").config()).isEqualTo(d);
    }

    @Test
    void configHashIsStableAndFollowsSettingsNotSpelling() {
        String a = load("levels:\n  dwell: 60s\nlimits:\n  cpu: {max: 80}\n").configHash();
        String b = load("# same, written differently\nlimits:\n  cpu:\n    max: 80.0\nlevels: {dwell: 1m}\n").configHash();
        String changed = load("limits:\n  cpu: {max: 81}\n").configHash();

        assertThat(a).matches("[0-9a-f]{64}").isEqualTo(b).isEqualTo(GuardConfig.defaults().configHash());
        assertThat(changed).isNotEqualTo(a);
        assertThat(GuardConfig.defaults().withNode(new NodeConfig("other")).configHash()).isEqualTo(a);
    }

    @Test
    void environmentVariablesAreSubstitutedInAnyValue() {
        ConfigLoader l = loader(Map.of("PORT", "9999", "USER_NAME", "bob", "EMPTY", ""));
        GuardConfig c = l.loadText("""
                metrics: {port: "${PORT}"}
                database: {user: "${USER_NAME}", password: "${EMPTY:-fallback}", url: "jdbc:h2:mem:${USER_NAME}"}
                dashboard: {username: "lit$${x}", password: p}
                """, "env.yaml").orThrow();

        assertThat(c.metrics().port()).isEqualTo(9999);
        assertThat(c.database().user()).isEqualTo("bob");
        assertThat(c.database().password()).isEqualTo("fallback");
        assertThat(c.database().url()).isEqualTo("jdbc:h2:mem:bob");
        assertThat(c.dashboard().username()).isEqualTo("lit${x}");
    }

    @Test
    void wrongShapesAndDuplicateKeysAreReported() {
        LoadResult r = loader(Map.of()).loadText("""
                limits: 80
                levels:
                  bands: 0.7
                  margin: 0.05
                  margin: 0.1
                jobs:
                  name: x
                policy:
                  table:
                    level1: {NORMAL: resize, LOW: maybe}
                wat: 1
                """, "shapes.yaml");

        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                "shapes.yaml:1: limits: must be a mapping of keys to values (was '80')",
                "shapes.yaml:3: levels.bands: must be a list (was '0.7')",
                "shapes.yaml:5: levels.margin: duplicate key 'margin' (first at line 4)",
                "shapes.yaml:7: jobs: must be a list (was a mapping)",
                "shapes.yaml:10: policy.table.level1.LOW: must be one of allow, defer, resize, veto (was 'maybe')",
                "shapes.yaml:10: policy.table.level1.NORMAL: resize is only possible at levels 2 and 3"
                        + " (policy.resize.level2/level3 say by how much): use allow, defer or veto",
                "shapes.yaml:11: wat: unknown key 'wat': valid keys here are node, limits, levels, sampling, tiers,"
                        + " policy, deferral, breaker, spawnRate, eviction, database, quartz, dashboard, metrics, audit, fleet, caps, jobs");
    }

    @Test
    void credentialsMakeAnExposedListenerValid() {
        GuardConfig c = load("""
                dashboard: {host: 0.0.0.0, username: admin, password: pw}
                metrics: {host: "::", token: t0ken}
                """);
        assertThat(c.dashboard().hasCredentials()).isTrue();
        assertThat(ConfigValidator.isLoopback("localhost")).isTrue();
        assertThat(ConfigValidator.isLoopback("127.0.0.2")).isTrue();
        assertThat(ConfigValidator.isLoopback("[::1]")).isTrue();
        assertThat(ConfigValidator.isLoopback("0.0.0.0")).isFalse();
        assertThat(ConfigValidator.isLoopback("127.example.com")).isFalse();
    }

    @Test
    void staleAfterBelowIntervalAndDerivedStaleAfter() {
        assertThat(load("sampling: {interval: 5s}").sampling().staleAfter()).isEqualTo(Duration.ofSeconds(15));
        LoadResult r = loader(Map.of()).loadText("sampling: {interval: 5s, staleAfter: 2s}", "s.yaml");
        assertThat(r.problems()).singleElement().hasToString(
                "s.yaml:1: sampling.staleAfter: must be at least sampling.interval (5s), or every snapshot counts as"
                        + " stale (was 2s)");
    }

    @Test
    void hostCapacityIsDetectedFromThisMachine(@TempDir Path dir) {
        HostCapacity h = HostCapacity.detect(dir.resolve("not/yet/created"));
        assertThat(h.cpuCores()).isGreaterThanOrEqualTo(1);
        assertThat(h.memoryGb()).isGreaterThan(0.1);
        assertThat(h.diskGb()).isGreaterThan(0.01);
        assertThat(h.gpuMemoryGb()).satisfiesAnyOf(v -> assertThat(v).isNaN(), v -> assertThat(v).isGreaterThanOrEqualTo(0));
    }

    @Test
    void furtherRulesEachNameTheirPath() {
        LoadResult r = loader(Map.of()).loadText("""
                tiers: {tier: huge}
                policy:
                  resize: {level2: 1.5}
                deferral: {initialBackoff: 1m, maxBackoff: 30s}
                database: {url: "postgres://db/ringrift"}
                dashboard: {username: admin}
                jobs:
                  - name: fast
                    class: ai.ringrift.guard.config.SampleJob
                    interval: 200ms
                    relieves: [disk, network]
                    resizable: {min: 5}
                """, "more.yaml");

        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                "more.yaml:1: tiers.tier: must be one of auto, HIGH_END, MID_TIER, LOW_TIER, CPU_ONLY (was 'huge')",
                "more.yaml:3: policy.resize.level2: must be above 0 and at most 1 (was 1.5)",
                "more.yaml:4: deferral.maxBackoff: must be at least deferral.initialBackoff (1m) (was 30s)",
                "more.yaml:5: database.url: must be a JDBC URL such as jdbc:h2:file:./data/ringrift or"
                        + " jdbc:postgresql://host:5432/ringrift (was 'postgres://db/ringrift')",
                "more.yaml:6: dashboard.password: dashboard.username and dashboard.password go together: set both"
                        + " or neither",
                "more.yaml:10: jobs[0].interval: must be at least 1s (was 200ms)",
                "more.yaml:11: jobs[0].relieves[1]: must be one of cpu, memory, gpu, disk (was 'network')",
                "more.yaml:12: jobs[0].resizable.param: is required: name the integer parameter the guard may shrink"
                        + " (e.g. num_games)");
    }

    @Test
    void aJobsMisfirePolicyIsReadAndWrittenBackAndAbsentMeansTheSchedulesDefault() {
        GuardConfig c = load("""
                jobs:
                  - {name: a, class: ai.ringrift.guard.config.SampleJob, cron: "0 0 * * * ?", misfire: skip}
                  - {name: b, class: ai.ringrift.guard.config.SampleJob, interval: 10m, misfire: fireAll}
                  - {name: c, class: ai.ringrift.guard.config.SampleJob, once: true, misfire: FIREONCE}
                  - {name: d, class: ai.ringrift.guard.config.SampleJob, interval: 10m}
                """);
        assertThat(c.jobs()).extracting(JobConfig::misfire)
                .containsExactly(Misfire.SKIP, Misfire.FIRE_ALL, Misfire.FIRE_ONCE, null);
        assertThat(c.toYaml()).contains("misfire: skip", "misfire: fireAll", "misfire: fireOnce");
        assertThat(load(c.toYaml())).as("written and read back").isEqualTo(c);
        assertThat(load("""
                jobs:
                  - {name: d, class: ai.ringrift.guard.config.SampleJob, interval: 10m}
                """).toYaml()).as("no policy given, none written: config hashes from before the key stay")
                .doesNotContain("misfire:");
    }

    @Test
    void theDaemonsSchedulerMustFitTheConnectionPoolAndQuartzsTables() {
        LoadResult r = loader(Map.of()).loadText("""
                database: {poolSize: 10}
                quartz: {threadCount: 8, instanceName: "%s"}
                """.formatted("q".repeat(121)), "pool.yaml");
        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                "pool.yaml:1: database.poolSize: database.poolSize 10 is below quartz.threadCount + 3 = 11: the"
                        + " scheduler takes a connection per worker thread plus 3; raise database.poolSize or lower"
                        + " quartz.threadCount",
                "pool.yaml:2: quartz.instanceName: must be at most 120 characters, what Quartz's tables hold (was 121)");
        assertThat(loader(Map.of()).loadText("quartz: {threadCount: 1001}", "t.yaml").problems())
                .extracting(Problem::toString)
                .containsExactly("t.yaml:1: quartz.threadCount: must be between 1 and 1000 (was 1001)");
        assertThat(load("quartz: {threadCount: 7}").quartz().threadCount()).isEqualTo(7);
    }
}
