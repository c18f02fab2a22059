package ai.ringrift.guard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.guard.http.StatusServer;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binds {@link GuardMetrics} into a Prometheus registry (as the daemon does), runs a
 * {@link StatusServer} serving that registry's scrape with injected snapshots and suppliers,
 * scrapes {@code /metrics} over HTTP and parses the text.
 */
class GuardMetricsScrapeTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final AtomicInteger level = new AtomicInteger();
    private final AtomicLong pending = new AtomicLong();
    private final Map<Resource, Integer> levels = new ConcurrentHashMap<>();
    private final AtomicLong spool = new AtomicLong();
    private final Map<String, String> breakerStates = new ConcurrentHashMap<>();
    private final AtomicReference<Double> tokens = new AtomicReference<>(0.0);
    private final HttpClient http = HttpClient.newHttpClient();
    private PrometheusMeterRegistry registry;
    private GuardMetrics metrics;
    private StatusServer server;

    @BeforeEach
    void start() {
        snapshot.set(snapshotOf(
                Reading.percent(Resource.CPU, 41.5, "host", NOW.minusSeconds(2)),
                Reading.percent(Resource.MEMORY, 72.25, "cgroup", NOW.minusSeconds(3)),
                Reading.percent(Resource.DISK, 66.0, "nio", NOW.minusSeconds(12))));
        MetricsSources sources = MetricsSources.builder()
                .resourceLevels(r -> levels.getOrDefault(r, -1))
                .deferralsPending(pending::get)
                .breakerStates(() -> Map.copyOf(breakerStates))
                .spawnTokens(() -> tokens.get())
                .auditSpoolRows(spool::get)
                .build();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new GuardMetrics(snapshot::get, level::get, sources, Clock.fixed(NOW, ZoneOffset.UTC));
        metrics.bindTo(registry);
        server = StatusServer.builder().port(0).metrics(() -> scrapeOf(metrics, registry)).start();
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void seedGaugesHaveTheInjectedValuesAndTheGpuGaugeIsAbsentWithoutAGpuReading() throws Exception {
        level.set(2);
        PrometheusText text = scrape();
        assertThat(text.value(MetricNames.DEGRADATION_LEVEL)).contains(2.0);
        assertThat(text.value(MetricNames.CPU_USED_PERCENT)).contains(41.5);
        assertThat(text.value(MetricNames.MEMORY_USED_PERCENT)).contains(72.25);
        assertThat(text.value(MetricNames.DISK_USED_PERCENT)).contains(66.0);
        assertThat(text.has(MetricNames.GPU_USED_PERCENT)).as("no GPU reading: no GPU series, not 0").isFalse();
        assertThat(text.all(MetricNames.READING_AGE_SECONDS)).extracting(s -> s.labels().get("resource"))
                .containsExactlyInAnyOrder("cpu", "memory", "disk");
        assertThat(text.value(MetricNames.READING_AGE_SECONDS, Map.of("resource", "disk"))).contains(12.0);
        assertThat(text.value(MetricNames.READING_AGE_SECONDS, Map.of("resource", "cpu"))).contains(2.0);
    }

    @Test
    void memoryPressureGaugeOnlyWithPsiAndPressureLevelsFromTheEngine() throws Exception {
        levels.put(Resource.MEMORY, 1);
        levels.put(Resource.DISK, 3);
        PrometheusText noPsi = scrape();
        assertThat(noPsi.has(MetricNames.MEMORY_PRESSURE_PERCENT)).as("no PSI: no series, never 0").isFalse();
        assertThat(noPsi.value(MetricNames.MEMORY_PRESSURE_LEVEL)).contains(1.0);
        assertThat(noPsi.value(MetricNames.DISK_PRESSURE_LEVEL)).contains(3.0);

        snapshot.set(snapshotOf(Reading.percent(Resource.CPU, 10, "host", NOW),
                Reading.percent(Resource.MEMORY, 20, "host", NOW), Reading.percent(Resource.DISK, 30, "nio", NOW),
                Reading.percent(Resource.MEMORY_PRESSURE, 63.5, "psi", NOW)));
        levels.put(Resource.MEMORY_PRESSURE, 4);
        PrometheusText psi = scrape();
        assertThat(psi.value(MetricNames.MEMORY_PRESSURE_PERCENT)).contains(63.5);
        assertThat(psi.value(MetricNames.MEMORY_PRESSURE_LEVEL)).as("the higher of memory and pressure").contains(4.0);
        assertThat(psi.value(MetricNames.READING_AGE_SECONDS, Map.of("resource", "memoryPressure"))).contains(0.0);
    }

    @Test
    void gpuGaugeAppearsWithAGpuReadingAndDisappearsAgain() throws Exception {
        snapshot.set(snapshotOf(
                Reading.percent(Resource.CPU, 10, "host", NOW),
                Reading.percent(Resource.MEMORY, 20, "host", NOW),
                Reading.percent(Resource.DISK, 30, "nio", NOW),
                Reading.percent(Resource.GPU, 87.5, "nvml", NOW.minusSeconds(1))));
        PrometheusText withGpu = scrape();
        assertThat(withGpu.value(MetricNames.GPU_USED_PERCENT)).contains(87.5);
        assertThat(withGpu.value(MetricNames.CPU_USED_PERCENT)).contains(10.0);
        assertThat(withGpu.value(MetricNames.READING_AGE_SECONDS, Map.of("resource", "gpu"))).contains(1.0);

        snapshot.set(snapshotOf(Reading.percent(Resource.CPU, 11, "host", NOW),
                Reading.percent(Resource.MEMORY, 21, "host", NOW), Reading.percent(Resource.DISK, 31, "nio", NOW)));
        PrometheusText withoutGpu = scrape();
        assertThat(withoutGpu.has(MetricNames.GPU_USED_PERCENT)).isFalse();
        assertThat(withoutGpu.value(MetricNames.READING_AGE_SECONDS, Map.of("resource", "gpu"))).isEmpty();
        assertThat(withoutGpu.value(MetricNames.CPU_USED_PERCENT)).contains(11.0);
    }

    @Test
    void beforeTheFirstSampleNoResourceGaugeIsExposedButTheLevelIs() throws Exception {
        snapshot.set(Snapshot.empty(NOW));
        PrometheusText text = scrape();
        for (String name : List.of(MetricNames.CPU_USED_PERCENT, MetricNames.MEMORY_USED_PERCENT,
                MetricNames.DISK_USED_PERCENT, MetricNames.GPU_USED_PERCENT, MetricNames.READING_AGE_SECONDS)) {
            assertThat(text.has(name)).as(name).isFalse();
        }
        assertThat(text.value(MetricNames.DEGRADATION_LEVEL)).contains(0.0);
    }

    @Test
    void decisionCountersMatchTheRecordedDecisions() throws Exception {
        List<List<String>> recorded = new ArrayList<>();
        String[][] decisions = {
                {"ALLOW", "NORMAL", "LEVEL"}, {"DEFER", "BACKGROUND", "LEVEL"}, {"DEFER", "BACKGROUND", "LEVEL"},
                {"RESIZE", "NORMAL", "LEVEL"}, {"DEFER", "LOW", "HEADROOM"}, {"VETO", "BACKGROUND", "LEVEL"},
                {"DEFER", "HIGH", "BREAKER_OPEN"}, {"ALLOW", "NORMAL", "LEVEL"}, {"ALLOW", "CRITICAL", "GUARD_ERROR"}};
        for (String[] d : decisions) {
            metrics.recordDecision(d[0], d[1], d[2]);
            recorded.add(List.of(d));
        }
        Map<List<String>, Double> expected = new HashMap<>();
        recorded.forEach(r -> expected.merge(r, 1.0, Double::sum));

        PrometheusText text = scrape();
        Map<List<String>, Double> exposed = new LinkedHashMap<>();
        for (PrometheusText.Sample s : text.all(MetricNames.DECISIONS_TOTAL)) {
            exposed.put(List.of(s.labels().get("decision"), s.labels().get("priority"), s.labels().get("reason")), s.value());
            assertThat(s.labels().keySet()).containsExactlyInAnyOrder("decision", "priority", "reason");
        }
        assertThat(exposed).isEqualTo(expected);
        assertThat(exposed.get(List.of("DEFER", "BACKGROUND", "LEVEL"))).isEqualTo(2.0);
    }

    @Test
    void blankDecisionLabelsAreRefused() {
        assertThatThrownBy(() -> metrics.recordDecision("DEFER", " ", "LEVEL"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority");
    }

    @Test
    void deferralBreakerSpawnAndSpoolMetricsFollowTheirSuppliers() throws Exception {
        pending.set(3);
        spool.set(17);
        tokens.set(4.5);
        breakerStates.put("selfplay", "OPEN");
        breakerStates.put("training", "half_open");
        breakerStates.put("cleanup", "CLOSED");
        metrics.recordDeferralAge(Duration.ofSeconds(45));
        metrics.recordDeferralAge(Duration.ofMinutes(20));
        metrics.recordDeferralExpired();
        metrics.recordDeferralExpired();

        PrometheusText text = scrape();
        assertThat(text.value(MetricNames.DEFERRALS_PENDING)).contains(3.0);
        assertThat(text.value(MetricNames.AUDIT_SPOOL_ROWS)).contains(17.0);
        assertThat(text.value(MetricNames.SPAWN_TOKENS)).contains(4.5);
        assertThat(text.value(MetricNames.DEFERRALS_EXPIRED_TOTAL)).contains(2.0);
        assertThat(text.value(MetricNames.BREAKER_STATE, Map.of("job_name", "selfplay"))).contains(2.0);
        assertThat(text.value(MetricNames.BREAKER_STATE, Map.of("job_name", "training"))).contains(1.0);
        assertThat(text.value(MetricNames.BREAKER_STATE, Map.of("job_name", "cleanup"))).contains(0.0);
        String age = MetricNames.DEFERRAL_AGE_SECONDS;
        assertThat(text.value(age + "_count")).contains(2.0);
        assertThat(text.value(age + "_sum")).contains(45.0 + 1200.0);
        assertThat(text.value(age + "_bucket", Map.of("le", "60.0"))).contains(1.0);
        assertThat(text.value(age + "_bucket", Map.of("le", "1800.0"))).contains(2.0);
        assertThat(text.value(age + "_bucket", Map.of("le", "+Inf"))).contains(2.0);

        // a job that is no longer registered loses its series; a new one gains one
        breakerStates.remove("selfplay");
        breakerStates.put("sync", "OPEN");
        PrometheusText after = scrape();
        assertThat(after.all(MetricNames.BREAKER_STATE)).extracting(s -> s.labels().get("job_name"))
                .containsExactlyInAnyOrder("training", "cleanup", "sync");
    }

    @Test
    void unpluggedSourcesLeaveTheirMetricsOutAndTheGuardBindsNoJvmMetricsOfItsOwn() throws Exception {
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (GuardMetrics bare = new GuardMetrics(snapshot::get, level::get)) {
            bare.bindTo(own);
            PrometheusText text = PrometheusText.parse(scrapeOf(bare, own));
            assertThat(text.has(MetricNames.DEFERRALS_PENDING)).isFalse();
            assertThat(text.has(MetricNames.SPAWN_TOKENS)).isFalse();
            assertThat(text.has(MetricNames.AUDIT_SPOOL_ROWS)).isFalse();
            assertThat(text.has(MetricNames.BREAKER_STATE)).isFalse();
            assertThat(text.value(MetricNames.DEFERRALS_EXPIRED_TOTAL)).as("counter exists from the start").contains(0.0);
            assertThat(text.has("jvm_memory_used_bytes")).as("the host binds its own JVM metrics").isFalse();
            assertThat(text.has("jvm_gc_pause_seconds_count")).isFalse();
        }
    }

    @Test
    void processMetricsShareTheDaemonsRegistry() throws Exception {
        try (ProcessMetrics process = new ProcessMetrics()) {
            process.bindTo(registry);
            PrometheusText text = scrape();
            assertThat(text.has("jvm_memory_used_bytes")).isTrue();
            assertThat(text.has("jvm_threads_live_threads")).isTrue();
            assertThat(text.has("process_uptime_seconds")).isTrue();
            assertThat(text.has("system_cpu_count")).isTrue();
            assertThat(text.value(MetricNames.DEGRADATION_LEVEL)).isPresent();
        }
    }

    @Test
    void theHostsRegistryGetsTheSameMetersAndLosesThemWhenTheGuardStops() {
        SimpleMeterRegistry host = new SimpleMeterRegistry();
        GuardMetrics guest = new GuardMetrics(snapshot::get, level::get);
        guest.recordDecision("ALLOW", "NORMAL", "LEVEL"); // before binding: counted nowhere, no failure
        guest.bindTo(host);
        level.set(3);
        guest.recordDecision("DEFER", "LOW", "LEVEL");
        assertThat(host.get("ringrift.resource.degradation.level").gauge().value()).isEqualTo(3.0);
        assertThat(host.get("ringrift.resource.memory.used.percent").gauge().value()).isEqualTo(72.25);
        assertThat(host.get("ringrift.guard.decisions").tag("decision", "DEFER").counter().count()).isEqualTo(1.0);
        assertThat(host.find("ringrift.guard.decisions").tag("decision", "ALLOW").counter()).isNull();
        assertThatThrownBy(() -> guest.bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bound already");

        guest.close();
        assertThat(host.getMeters()).as("a stopped guard leaves no meters in the host's registry").isEmpty();
    }

    @Test
    void metricsAreServedAsPrometheusText004() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body()).contains("# TYPE ringrift_guard_deferrals_expired_total counter")
                .contains("# TYPE ringrift_guard_deferral_age_seconds histogram")
                .contains("# TYPE ringrift_resource_degradation_level gauge");
    }

    /** What the guard serves as /metrics: the changing series refreshed, then the registry's text. */
    private static String scrapeOf(GuardMetrics metrics, PrometheusMeterRegistry registry) {
        metrics.refresh();
        return registry.scrape(StatusServer.METRICS_CONTENT_TYPE);
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUri() + path)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Snapshot snapshotOf(Reading... readings) {
        return Snapshot.of(NOW, Duration.ofSeconds(10), List.of(readings));
    }
}
