package ai.ringrift.guard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import ai.ringrift.testsupport.Ci;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules in {@code monitoring/prometheus/rules}: {@code promtool check rules} and
 * {@code promtool test rules} pass (skipped with a printed reason when promtool is not installed,
 * except under CI ({@code Ci.active()}), where it fails: run {@code scripts/ensure-promtool.sh}; env
 * {@code PROMTOOL} names a promtool binary other than the one on the PATH); every
 * alert has the required fields, only uses metric names that {@link GuardMetrics} exposes, and
 * links to an existing section of {@code docs/runbook.md}.
 */
class AlertRulesTest {

    private static final Set<String> EXPECTED_ALERTS = Set.of(
            "DiskApproachingLimit", "DiskAtLimit", "MemoryApproachingLimit", "MemoryAtLimit",
            "CpuApproachingLimit", "CpuAtLimit", "GpuApproachingLimit", "GpuAtLimit",
            "GracefulDegradationActive", "GracefulDegradationCritical", "DeferralsExpiring", "BreakerOpen",
            "ReadingsStale", "AuditSpoolGrowing", "GuardHalted", "DeferralFailures");

    private static Path repoRoot;
    private static Path rulesDir;
    private static List<JsonNode> rules;

    @BeforeAll
    static void locate() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("monitoring/prometheus/rules"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("monitoring/prometheus/rules not found above " + Path.of("").toAbsolutePath());
        }
        repoRoot = dir;
        rulesDir = dir.resolve("monitoring/prometheus/rules");
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(rulesDir.resolve("utilization_alerts.yml").toFile());
        rules = new java.util.ArrayList<>();
        doc.get("groups").forEach(g -> g.get("rules").forEach(rules::add));
    }

    @Test
    void promtoolChecksTheRules() throws Exception {
        Path promtool = promtoolOrSkip();
        Result result = run(promtool.toString(), "check", "rules", "utilization_alerts.yml");
        assertThat(result.exit()).as("promtool check rules:\n%s", result.output()).isZero();
        assertThat(result.output()).contains(EXPECTED_ALERTS.size() + " rules found");
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() throws Exception {
        Path promtool = promtoolOrSkip();
        Result result = run(promtool.toString(), "test", "rules", "utilization_alerts_test.yml");
        assertThat(result.exit()).as("promtool test rules:\n%s", result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyExpectedAlertIsDefinedWithForSeverityAnnotationsAndARunbookSection() throws IOException {
        assertThat(rules).extracting(r -> r.path("alert").asText()).containsExactlyInAnyOrderElementsOf(EXPECTED_ALERTS);
        Set<String> anchors = runbookAnchors();
        for (JsonNode rule : rules) {
            String alert = rule.get("alert").asText();
            assertThat(rule.path("for").asText()).as(alert + " for").matches("\\d+[smh]");
            assertThat(rule.path("labels").path("severity").asText()).as(alert + " severity").isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as(alert + " summary").isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(alert + " description").isNotBlank();
            String url = rule.path("annotations").path("runbook_url").asText();
            assertThat(url).as(alert + " runbook_url").isEqualTo("docs/runbook.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("docs/runbook.md has a section ## " + alert).contains(alert.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void rulesOnlyUseMetricNamesTheGuardExposes() throws IllegalAccessException {
        Set<String> exposed = new HashSet<>();
        for (Field f : MetricNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                exposed.add((String) f.get(null));
            }
        }
        Pattern metric = Pattern.compile("ringrift_[a-z_]+");
        for (JsonNode rule : rules) {
            Matcher m = metric.matcher(rule.get("expr").asText());
            while (m.find()) {
                assertThat(exposed).as(rule.get("alert").asText() + " uses " + m.group()).contains(m.group());
            }
        }
    }

    private static Set<String> runbookAnchors() throws IOException {
        return Files.readAllLines(repoRoot.resolve("docs/runbook.md"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("## "))
                .map(l -> l.substring(3).strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static Path promtoolOrSkip() {
        Path found = null;
        String explicit = System.getenv("PROMTOOL");
        if (explicit != null && !explicit.isBlank()) {
            found = Files.isExecutable(Path.of(explicit)) ? Path.of(explicit) : null;
        } else {
            found = onPath();
        }
        if (found == null) {
            if (Ci.active()) {
                fail("promtool is not installed but CI is set: run scripts/ensure-promtool.sh (installs Debian package prometheus)");
            }
            System.out.println("AlertRulesTest: skipped, promtool is not on the PATH; install it with scripts/ensure-promtool.sh");
            Assumptions.abort("promtool is not on the PATH; install it with scripts/ensure-promtool.sh");
        }
        return found;
    }

    private static Path onPath() {
        Path found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                found = candidate;
                break;
            }
        }
        return found;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(rulesDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 2 minutes:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}
