package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.EnvSubstitution;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.HostCapacity;
import ai.ringrift.guard.config.LoadResult;
import ai.ringrift.guard.config.Problem;
import ai.ringrift.guard.config.ValidationContext;
import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.runtime.GuardOptions;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.settings.InvalidSettingsException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quartz.SchedulerConfigException;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The four files of issue 11 that {@code validate} called OK and {@code run} refused (exit 1, an
 * internal field name, no line). Each breaks a rule of its settings record, so each now fails
 * validation with path and line, the Quartz plugin refuses it in {@code initialize} with the same
 * line, and the runtime refuses the same values built in code with the same words: one rule.
 */
class RefusedConfigsTest {

    private static final HostCapacity HOST = new HostCapacity(16, 64, 24, 1000);

    @TempDir
    Path dir;

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("issue11-deferral-jitter.yaml", "deferral.jitter", 4,
                        "must be at least 0 and below 1, a fraction of the delay (was 1): a jitter of 1 could bring"
                                + " a deferred fire back at once",
                        (UnaryOperator<GuardConfig>) c -> with(c, c.deferral().withBackoff(Duration.ofSeconds(30),
                                c.deferral().maxBackoff()), 1.0)),
                Arguments.of("issue11-resize-grows.yaml", "policy.resize.level3", 5,
                        "level3 must not be above level2 (level3 0.5 > level2 0.25): a higher level must never grant"
                                + " more",
                        (UnaryOperator<GuardConfig>) c -> new GuardConfig(c.node(), c.limits(), c.levels(),
                                c.sampling(), c.tiers(), c.policy().withResize(0.25, 0.5), c.deferral(), c.breaker(),
                                c.spawnRate(), c.eviction(), c.database(), c.quartz(), c.dashboard(), c.metrics(), c.audit(),
                                c.jobs())),
                Arguments.of("issue11-levels-margin.yaml", "levels.margin", 3,
                        "must be below the first band edge, levels.bands[0] (0.7): a level falls only once the ratio"
                                + " is below its edge minus the margin, so level 1 could never fall back to 0 (was 0.8)",
                        (UnaryOperator<GuardConfig>) c -> new GuardConfig(c.node(), c.limits(),
                                c.levels().withHysteresis(0.8, c.levels().dwell()), c.sampling(), c.tiers(),
                                c.policy(), c.deferral(), c.breaker(), c.spawnRate(), c.eviction(), c.database(), c.quartz(),
                                c.dashboard(), c.metrics(), c.audit(), c.jobs())),
                Arguments.of("issue11-breaker-window.yaml", "breaker.window", 4,
                        "must be between 1 and 1000 (was 5000)",
                        (UnaryOperator<GuardConfig>) c -> new GuardConfig(c.node(), c.limits(), c.levels(),
                                c.sampling(), c.tiers(), c.policy(), c.deferral(), new BreakerSettings(3, 50, 5000,
                                Duration.ofMinutes(5), Duration.ofHours(1)), c.spawnRate(), c.eviction(), c.database(), c.quartz(),
                                c.dashboard(), c.metrics(), c.audit(), c.jobs())));
    }

    private static GuardConfig with(GuardConfig c, DeferralSettings d, double jitter) {
        DeferralSettings j = new DeferralSettings(d.initialBackoff(), d.multiplier(), d.maxBackoff(), jitter,
                d.maxDeferrals());
        return new GuardConfig(c.node(), c.limits(), c.levels(), c.sampling(), c.tiers(), c.policy(), j, c.breaker(),
                c.spawnRate(), c.eviction(), c.database(), c.quartz(), c.dashboard(), c.metrics(), c.audit(), c.jobs());
    }

    private Path fixture(String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/config/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @ParameterizedTest(name = "{0}: validate names {1} at line {2}")
    @MethodSource("files")
    void validateNamesPathAndLine(String file, String path, int line, String message, UnaryOperator<GuardConfig> code)
            throws Exception {
        Path p = fixture(file);
        LoadResult r = new ConfigLoader(ValidationContext.of(HOST), new EnvSubstitution(Map.<String, String>of()::get))
                .loadFile(p);

        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo(path);
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem).hasToString(p + ":" + line + ": " + path + ": " + message);
        });
    }

    @ParameterizedTest(name = "{0}: the Quartz plugin refuses it in initialize")
    @MethodSource("files")
    void quartzPluginRefusesItInInitializeWithPathAndLine(String file, String path, int line, String message,
                                                          UnaryOperator<GuardConfig> code) throws Exception {
        Path yaml = fixture(file);
        Path props = dir.resolve("quartz.properties");
        Files.writeString(props, """
                org.quartz.scheduler.instanceName = refused
                org.quartz.threadPool.threadCount = 1
                org.quartz.jobStore.class = org.quartz.simpl.RAMJobStore
                org.quartz.plugin.guard.class = ai.ringrift.guard.quartz.GuardPlugin
                org.quartz.plugin.guard.configFile = %s
                """.formatted(yaml));

        assertThatThrownBy(() -> new StdSchedulerFactory(props.toString()).getScheduler())
                .isInstanceOf(SchedulerConfigException.class)
                .hasMessageContaining(yaml + ":" + line + ": " + path + ": " + message);
    }

    @ParameterizedTest(name = "{0}: the runtime refuses the same values with the same rule")
    @MethodSource("files")
    void theRuntimeRefusesTheSameValuesWithTheSameWords(String file, String path, int line, String message,
                                                         UnaryOperator<GuardConfig> code) {
        GuardConfig base = ConfigLoader.loadString("""
                sampling: {dataDir: %s}
                audit: {spoolDir: %s}
                dashboard: {enabled: false}
                """.formatted(dir.resolve("data"), dir.resolve("spool")), "base.yaml").orThrow();
        GuardConfig bad = code.apply(base);
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("db")))) {
            assertThatThrownBy(() -> Guard.start(bad, db, GuardOptions.defaults().withHttp(false).withJobRunr(false)))
                    .isInstanceOfSatisfying(InvalidSettingsException.class,
                            e -> assertThat(e.errors()).containsExactly(path + ": " + message));
        }
        List<Problem> problems = new ai.ringrift.guard.config.ConfigValidator(ValidationContext.of(HOST)).validate(bad);
        assertThat(problems).extracting(Problem::path, Problem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(path, message));
    }
}
