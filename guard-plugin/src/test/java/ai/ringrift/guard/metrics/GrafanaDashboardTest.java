package ai.ringrift.guard.metrics;

import ai.ringrift.guard.http.StatusServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code monitoring/grafana/ringrift.json} is a Grafana dashboard that imports as is (shape,
 * datasource variable, no hard-coded datasource, panels that fit the grid, units) and every metric
 * and label its PromQL names is one a real scrape of {@link GuardMetrics} has; the same holds for
 * the alert rules in {@code monitoring/prometheus/rules/utilization_alerts.yml}.
 */
class GrafanaDashboardTest {

    /** Labels Prometheus adds to every scraped series (the target's), so the scrape itself lacks them. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    private static final String DATASOURCE_UID = "${DS_PROMETHEUS}";
    private static final Set<String> PANEL_TYPES = Set.of("stat", "timeseries", "state-timeline", "bargauge", "table", "gauge");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)");

    private static Path repoRoot;
    private static JsonNode dashboard;
    /** Exported metric name to the label names its samples carry. */
    private static Map<String, Set<String>> exported;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("monitoring/grafana/ringrift.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("monitoring/grafana/ringrift.json not found above " + Path.of("").toAbsolutePath());
        }
        repoRoot = dir;
        dashboard = new ObjectMapper().readTree(dir.resolve("monitoring/grafana/ringrift.json").toFile());
        exported = labelsByName(scrapeWithEverySeries());
    }

    /**
     * A scrape of the guard's real metrics in which every series the guard can export exists: a
     * reading of every resource (GPU included), every {@link MetricsSources} supplier plugged in, a
     * breaker, a decision, a deferral age and an expired deferral recorded. The one place that
     * builds the metrics (as {@code GuardMetricsScrapeTest} does); adapt it when that changes.
     */
    static PrometheusText scrapeWithEverySeries() {
        Instant now = Instant.parse("2025-01-01T12:00:00Z");
        Snapshot snapshot = Snapshot.of(now, Duration.ofSeconds(10), List.of(
                Reading.percent(Resource.CPU, 41.5, "host", now.minusSeconds(2)),
                Reading.percent(Resource.MEMORY, 72.0, "cgroup", now.minusSeconds(3)),
                Reading.percent(Resource.DISK, 66.0, "nio", now.minusSeconds(4)),
                Reading.percent(Resource.GPU, 50.0, "nvml", now.minusSeconds(5)),
                Reading.percent(Resource.MEMORY_PRESSURE, 12.5, "psi", now.minusSeconds(1))));
        MetricsSources sources = MetricsSources.builder()
                .resourceLevels(r -> r == Resource.DISK ? 1 : 0)
                .deferralsPending(() -> 2)
                .breakerStates(() -> Map.of("selfplay", "OPEN", "cleanup", "CLOSED"))
                .spawnTokens(() -> 3.5)
                .auditSpoolRows(() -> 7)
                .build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (GuardMetrics metrics = new GuardMetrics(() -> snapshot, () -> 2, sources, Clock.fixed(now, ZoneOffset.UTC));
             FleetMetrics fleet = new FleetMetrics(() -> true, () -> Map.of("selfplay", 2));
             ProcessMetrics process = new ProcessMetrics()) {
            metrics.bindTo(registry);
            fleet.bindTo(registry);
            // the daemon binds its process metrics beside the guard's on the same registry
            process.bindTo(registry);
            metrics.recordDecision("DEFER", "LOW", "LEVEL");
            metrics.recordDeferralAge(Duration.ofMinutes(3));
            metrics.recordDeferralExpired();
            metrics.refresh();
            return PrometheusText.parse(registry.scrape(StatusServer.METRICS_CONTENT_TYPE));
        }
    }

    @Test
    void isADashboardThatImportsAsIs() {
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).matches("[A-Za-z0-9_-]{1,40}");
        assertThat(dashboard.path("id").isNull() || dashboard.path("id").isMissingNode())
                .as("id must be null so that an import creates the dashboard").isTrue();
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.has("__inputs")).as("no __inputs: the datasource is a templating variable").isFalse();

        List<JsonNode> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variables::add);
        assertThat(variables).filteredOn(v -> v.path("type").asText().equals("datasource"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.path("name").asText()).isEqualTo("DS_PROMETHEUS");
                    assertThat(v.path("query").asText()).isEqualTo("prometheus");
                });
        assertThat(variables).filteredOn(v -> v.path("name").asText().equals("instance"))
                .as("a node variable").singleElement()
                .satisfies(v -> assertThat(v.path("type").asText()).isEqualTo("query"));

        List<String> datasources = new ArrayList<>();
        collectDatasources(dashboard, "", datasources);
        assertThat(datasources).as("every datasource is ${DS_PROMETHEUS} (or Grafana's own annotations)")
                .allSatisfy(d -> assertThat(d).matches(".*=(prometheus:\\$\\{DS_PROMETHEUS}|grafana:-- Grafana --)"));

        Set<Integer> ids = new HashSet<>();
        List<JsonNode> top = new ArrayList<>();
        dashboard.path("panels").forEach(top::add);
        assertThat(top).isNotEmpty();
        assertNoOverlap(top, "top level");
        for (JsonNode row : top) {
            if (row.path("type").asText().equals("row")) {
                assertThat(ids.add(row.path("id").asInt())).as("row id %s unique", row.path("id")).isTrue();
                List<JsonNode> children = new ArrayList<>();
                row.path("panels").forEach(children::add);
                assertThat(row.path("collapsed").asBoolean() ? children.isEmpty() : !children.isEmpty())
                        .as("only a collapsed row holds panels: " + row.path("title")).isFalse();
                assertNoOverlap(children, "row " + row.path("title").asText());
            }
        }
        List<JsonNode> panels = panels();
        assertThat(panels).hasSizeGreaterThan(10);
        for (JsonNode p : panels) {
            String title = p.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(p.path("id").asInt())).as("panel id of '%s' unique", title).isTrue();
            assertThat(p.path("type").asText()).as(title).isIn(PANEL_TYPES);
            assertThat(p.path("description").asText()).as("description of " + title).isNotBlank();
            assertThat(p.path("fieldConfig").path("defaults").path("unit").asText()).as("unit of " + title).isNotBlank();
            JsonNode grid = p.path("gridPos");
            assertThat(grid.path("w").asInt()).as(title).isBetween(1, 24);
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isLessThanOrEqualTo(24);
            assertThat(grid.path("h").asInt()).as(title).isPositive();
            assertThat(p.path("targets")).as("targets of " + title).isNotEmpty();
            Set<String> refIds = new HashSet<>();
            for (JsonNode t : p.path("targets")) {
                assertThat(refIds.add(t.path("refId").asText())).as("refId of " + title).isTrue();
                assertThat(t.path("expr").asText()).as("expr of " + title).isNotBlank();
            }
        }
    }

    @Test
    void everyMetricAndLabelItsQueriesNameIsOneTheDaemonExports() {
        assertThat(dashboardProblems(dashboard)).as("dashboard queries against a real scrape").isEmpty();
    }

    @Test
    void showsEveryGuardMetric() throws IllegalAccessException {
        Set<String> queried = new HashSet<>();
        for (JsonNode p : panels()) {
            p.path("targets").forEach(t -> queried.addAll(PromQlNames.of(t.path("expr").asText()).metrics()));
        }
        for (Field f : MetricNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String name = (String) f.get(null);
                assertThat(queried).as("a panel shows " + name)
                        .containsAnyOf(name, name + "_bucket", name + "_count", name + "_sum", name + "_max");
            }
        }
    }

    @Test
    void aMisspeltMetricOrLabelIsReportedWithItsPanel() {
        ObjectNode broken = dashboard.deepCopy();
        for (JsonNode p : panelsOf(broken)) {
            for (JsonNode t : p.path("targets")) {
                ObjectNode target = (ObjectNode) t;
                if (p.path("title").asText().equals("Decisions by decision")) {
                    target.put("expr", t.path("expr").asText().replace("ringrift_guard_decisions_total", "ringrift_guard_decision_total"));
                }
                if (p.path("title").asText().equals("Breaker state per job")) {
                    target.put("expr", t.path("expr").asText().replace("job_name)", "jobname)"));
                }
                if (p.path("title").asText().equals("Reading age")) {
                    target.put("legendFormat", "{{instance}} {{resources}}");
                }
            }
        }
        List<String> problems = dashboardProblems(broken);
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(m -> assertThat(m).contains("'Decisions by decision'").contains("ringrift_guard_decision_total"));
        assertThat(problems).anySatisfy(m -> assertThat(m).contains("'Breaker state per job'").contains("jobname"));
        assertThat(problems).anySatisfy(m -> assertThat(m).contains("'Reading age'").contains("resources"));
    }

    @Test
    void everyMetricAndLabelTheAlertRulesNameIsOneTheDaemonExports() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(
                repoRoot.resolve("monitoring/prometheus/rules/utilization_alerts.yml").toFile());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                problems.addAll(problems("alert " + rule.path("alert").asText(), rule.path("expr").asText(), ""));
                checked++;
            }
        }
        assertThat(checked).isPositive();
        assertThat(problems).isEmpty();
    }

    private static List<String> dashboardProblems(JsonNode dash) {
        List<String> problems = new ArrayList<>();
        for (JsonNode p : panelsOf(dash)) {
            for (JsonNode t : p.path("targets")) {
                problems.addAll(problems("panel '" + p.path("title").asText() + "' (" + t.path("refId").asText() + ")",
                        t.path("expr").asText(), t.path("legendFormat").asText()));
            }
        }
        for (JsonNode v : dash.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                String query = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
                String where = "variable $" + v.path("name").asText();
                Matcher m = LABEL_VALUES.matcher(query.strip());
                if (!m.matches()) {
                    problems.add(where + ": expected label_values(SELECTOR, LABEL), was " + query);
                    continue;
                }
                problems.addAll(problems(where, m.group(1), "{{" + m.group(2) + "}}"));
            }
        }
        return problems;
    }

    /** What in one query is not in the scrape: metric names, matcher labels, grouping and legend labels. */
    private static List<String> problems(String where, String expr, String legendFormat) {
        List<String> problems = new ArrayList<>();
        PromQlNames names = PromQlNames.of(expr);
        if (names.metrics().isEmpty()) {
            problems.add(where + ": names no metric: " + expr);
        }
        Set<String> labels = new LinkedHashSet<>(TARGET_LABELS);
        for (String metric : names.metrics()) {
            if (!exported.containsKey(metric)) {
                problems.add(where + ": metric " + metric + " is not exported by the daemon (no such series in a scrape)");
            } else {
                labels.addAll(exported.get(metric));
            }
        }
        names.matcherLabels().forEach((metric, matched) -> {
            for (String label : matched) {
                if (exported.containsKey(metric) && !exported.get(metric).contains(label) && !TARGET_LABELS.contains(label)) {
                    problems.add(where + ": metric " + metric + " has no label " + label + " (it has " + exported.get(metric) + ")");
                }
            }
        });
        if (!problems.isEmpty()) {
            return problems; // with an unknown metric its labels are unknown too: say only that
        }
        for (String label : names.groupingLabels()) {
            if (!labels.contains(label)) {
                problems.add(where + ": groups by label " + label + ", which none of " + names.metrics() + " has");
            }
        }
        for (String label : PromQlNames.legendLabels(legendFormat)) {
            if (!labels.contains(label)) {
                problems.add(where + ": legend uses label " + label + ", which none of " + names.metrics() + " has");
            }
        }
        return problems;
    }

    private static List<JsonNode> panels() {
        return panelsOf(dashboard);
    }

    /** Every panel that is not a row, those inside collapsed rows included. */
    private static List<JsonNode> panelsOf(JsonNode dash) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dash.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static void collectDatasources(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("datasource")) {
                    JsonNode d = e.getValue();
                    out.add(path + "/datasource=" + d.path("type").asText() + ":" + d.path("uid").asText());
                } else {
                    collectDatasources(e.getValue(), path + "/" + e.getKey(), out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDatasources(node.get(i), path + "/" + i, out);
            }
        }
    }

    private static void assertNoOverlap(List<JsonNode> panels, String where) {
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode a = panels.get(i).path("gridPos");
                JsonNode b = panels.get(j).path("gridPos");
                boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                assertThat(overlap).as("%s: '%s' and '%s' overlap", where, panels.get(i).path("title").asText(),
                        panels.get(j).path("title").asText()).isFalse();
            }
        }
    }

    private static Map<String, Set<String>> labelsByName(PrometheusText text) {
        Map<String, Set<String>> byName = new TreeMap<>();
        for (PrometheusText.Sample s : text.samples()) {
            byName.computeIfAbsent(s.name(), n -> new LinkedHashSet<>()).addAll(s.labels().keySet());
        }
        return byName;
    }
}
