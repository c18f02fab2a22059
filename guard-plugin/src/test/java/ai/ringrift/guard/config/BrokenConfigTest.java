package ai.ringrift.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One broken file per validation rule (src/test/resources/config/broken-*.yaml): path, line and message. */
class BrokenConfigTest {

    static final HostCapacity HOST = new HostCapacity(8, 32, 0, 500);

    static LoadResult load(String file) throws IOException {
        String text;
        try (InputStream in = BrokenConfigTest.class.getResourceAsStream("/config/" + file)) {
            assertThat(in).as(file).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ConfigLoader loader = new ConfigLoader(ValidationContext.of(HOST),
                new EnvSubstitution(Map.of("RINGRIFT_SET", "x")::get));
        return loader.loadText(text, file);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("broken-syntax.yaml", Severity.ERROR, "", 4,
                        "broken-syntax.yaml:4: YAML syntax error: expected <block end>, but found '<block mapping start>'"
                                + " (while parsing a block mapping)"),
                Arguments.of("broken-unknown-key.yaml", Severity.ERROR, "limits.disk.wran", 4,
                        "broken-unknown-key.yaml:4: limits.disk.wran: unknown key 'wran': did you mean 'warn'?"),
                Arguments.of("broken-wrong-type.yaml", Severity.ERROR, "limits.cpu.max", 3,
                        "broken-wrong-type.yaml:3: limits.cpu.max: must be a number (was 'eighty')"),
                Arguments.of("broken-percent.yaml", Severity.ERROR, "limits.disk.max", 6,
                        "broken-percent.yaml:6: limits.disk.max: must be between 0 and 100 (was 170)"),
                Arguments.of("broken-warn-above-max.yaml", Severity.ERROR, "limits.memory.warn", 4,
                        "broken-warn-above-max.yaml:4: limits.memory.warn: warn must be below max (warn 85 >= max 80)"),
                Arguments.of("broken-disk-looser.yaml", Severity.WARNING, "limits.disk.max", 5,
                        "broken-disk-looser.yaml:5: warning: limits.disk.max: disk max 85% is looser than memory max"
                                + " 80%: keep disk tighter, because cleanup takes time to free space"),
                Arguments.of("broken-bands-order.yaml", Severity.ERROR, "levels.bands[2]", 5,
                        "broken-bands-order.yaml:5: levels.bands[2]: band edges must ascend: 0.85 is not above 0.95"
                                + " (the edge before)"),
                Arguments.of("broken-bands-range.yaml", Severity.ERROR, "levels.bands[3]", 2,
                        "broken-bands-range.yaml:2: levels.bands[3]: must be above 0 and at most 2 (was 2.5)"),
                Arguments.of("broken-interval.yaml", Severity.ERROR, "sampling.interval", 2,
                        "broken-interval.yaml:2: sampling.interval: must be at least 1s (was 500ms): OSHI caches CPU"
                                + " ticks for 300 ms, so closer samples read 0 % CPU"),
                Arguments.of("broken-schedule-none.yaml", Severity.ERROR, "jobs[0]", 2,
                        "broken-schedule-none.yaml:2: jobs[0]: job 'sync' has no schedule: give one of cron, interval"
                                + " or once: true"),
                Arguments.of("broken-schedule-two.yaml", Severity.ERROR, "jobs[0]", 2,
                        "broken-schedule-two.yaml:2: jobs[0]: job 'sync' has cron and interval: give exactly one of"
                                + " cron, interval, once"),
                Arguments.of("broken-class-missing.yaml", Severity.ERROR, "jobs[0].class", 3,
                        "broken-class-missing.yaml:3: jobs[0].class: class 'ai.ringrift.jobs.SelfPlayJobb' not found:"
                                + " check the spelling and that its jar is on the class path"),
                Arguments.of("broken-class-not-job.yaml", Severity.ERROR, "jobs[0].class", 3,
                        "broken-class-not-job.yaml:3: jobs[0].class: class 'java.lang.String' does not implement"
                                + " org.quartz.Job"),
                Arguments.of("broken-resizable-absent.yaml", Severity.ERROR, "jobs[0].resizable.param", 8,
                        "broken-resizable-absent.yaml:8: jobs[0].resizable.param: names 'num_games', which is not in"
                                + " jobs[0].parameters: add it there with the full-size value (e.g. num_games: \"100\")"),
                Arguments.of("broken-resizable-not-integer.yaml", Severity.ERROR, "jobs[0].parameters.num_games", 6,
                        "broken-resizable-not-integer.yaml:6: jobs[0].parameters.num_games: must be a whole number,"
                                + " because it is the resizable parameter (was 'lots')"),
                Arguments.of("broken-resizable-min.yaml", Severity.ERROR, "jobs[0].resizable.min", 9,
                        "broken-resizable-min.yaml:9: jobs[0].resizable.min: minimum 50 is above the value of"
                                + " num_games (20)"),
                Arguments.of("broken-misfire-value.yaml", Severity.ERROR, "jobs[0].misfire", 5,
                        "broken-misfire-value.yaml:5: jobs[0].misfire: must be one of fireOnce, skip, fireAll (was"
                                + " 'catchUp'): fireOnce runs once for the missed fires, skip waits for the next"
                                + " scheduled time, fireAll runs every missed fire"),
                Arguments.of("broken-misfire-once.yaml", Severity.ERROR, "jobs[0].misfire", 5,
                        "broken-misfire-once.yaml:5: jobs[0].misfire: fireAll runs every missed fire of a repeating"
                                + " schedule; a one-shot job has one fire: use fireOnce (run it late) or skip (drop it)"),
                Arguments.of("broken-needs-negative.yaml", Severity.ERROR, "jobs[0].needs.memoryGb", 6,
                        "broken-needs-negative.yaml:6: jobs[0].needs.memoryGb: must be 0 or more (was -8)"),
                Arguments.of("broken-duplicate-job.yaml", Severity.ERROR, "jobs[1].name", 5,
                        "broken-duplicate-job.yaml:5: jobs[1].name: duplicate job name 'cleanup' (first used by"
                                + " jobs[0] at line 2)"),
                Arguments.of("broken-dashboard-exposed.yaml", Severity.ERROR, "dashboard.host", 2,
                        "broken-dashboard-exposed.yaml:2: dashboard.host: the dashboard would listen beyond loopback"
                                + " (0.0.0.0) without a login: set dashboard.username and dashboard.password (e.g."
                                + " password: ${RINGRIFT_DASHBOARD_PASSWORD}), or keep host 127.0.0.1"),
                Arguments.of("broken-metrics-exposed.yaml", Severity.ERROR, "metrics.host", 2,
                        "broken-metrics-exposed.yaml:2: metrics.host: the metrics endpoint would listen beyond loopback"
                                + " (10.0.0.5) without a token: set metrics.token (e.g. token: ${RINGRIFT_METRICS_TOKEN}),"
                                + " or keep host 127.0.0.1"),
                Arguments.of("broken-env-unset.yaml", Severity.ERROR, "database.password", 3,
                        "broken-env-unset.yaml:3: database.password: environment variable RINGRIFT_TEST_UNSET_PASSWORD"
                                + " is not set: set it, or write ${RINGRIFT_TEST_UNSET_PASSWORD:-default}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void reportsTheRuleWithPathLineAndMessage(String file, Severity severity, String path, int line, String text)
            throws IOException {
        LoadResult r = load(file);

        assertThat(r.problems()).as(r.problems().toString()).hasSize(1);
        Problem p = r.problems().get(0);
        assertThat(p.severity()).isEqualTo(severity);
        assertThat(p.path()).isEqualTo(path);
        assertThat(p.line()).isEqualTo(line);
        assertThat(p).hasToString(text);
        assertThat(r.ok()).isEqualTo(severity == Severity.WARNING);
    }

    @org.junit.jupiter.api.Test
    void invalidCronCarriesQuartzMessage() throws IOException {
        LoadResult r = load("broken-cron.yaml");

        assertThat(r.problems()).hasSize(1);
        Problem p = r.problems().get(0);
        assertThat(p.path()).isEqualTo("jobs[0].cron");
        assertThat(p.line()).isEqualTo(4);
        String quartz;
        try {
            org.quartz.CronExpression.validateExpression("0 0/5 * * *");
            throw new AssertionError("Quartz accepted a 5-field cron");
        } catch (java.text.ParseException e) {
            quartz = e.getMessage();
        }
        assertThat(p.message()).startsWith("invalid cron expression '0 0/5 * * *': " + quartz);
        assertThat(r.config()).isNull();
    }

    @org.junit.jupiter.api.Test
    void needsAboveCapacityAreWarningsPerResource() throws IOException {
        LoadResult r = load("broken-needs-capacity.yaml");

        assertThat(r.ok()).isTrue();
        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                "broken-needs-capacity.yaml:6: warning: jobs[0].needs.memoryGb: job 'training' needs 512 GB but this"
                        + " host has 32.0 GB of memory: it will never fit here",
                "broken-needs-capacity.yaml:7: warning: jobs[0].needs.gpuMemoryGb: job 'training' needs 16 GB of GPU"
                        + " memory but no GPU was found on this host: with no GPU reading its fires are decided by policy.failPolicy");
    }

    @org.junit.jupiter.api.Test
    void everyProblemIsReportedAtOnce() throws IOException {
        LoadResult r = load("broken-three-errors.yaml");

        assertThat(r.config()).isNull();
        assertThat(r.problems()).extracting(Problem::toString).containsExactly(
                "broken-three-errors.yaml:3: limits.cpu.max: must be between 0 and 100 (was 120)",
                "broken-three-errors.yaml:4: limits.memroy: unknown key 'memroy': did you mean 'memory'?",
                "broken-three-errors.yaml:7: sampling.interval: must be a duration such as 30s, 5m, 1h, 2d, 1w, 500ms or"
                        + " PT30S (was 'fast')");
        assertThat(r.errors()).hasSize(3);
        List<String> lines = r.problems().stream().map(p -> String.valueOf(p.line())).toList();
        assertThat(lines).containsExactly("3", "4", "7");
    }
}
