package ai.ringrift.guard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.pipeline.DeferralRequest;
import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.http.StatusServer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 16: with the database stopped under a running guard, {@code /metrics} and
 * {@code /api/status} answer at once with readings and level, what needs the database says
 * "unknown: database unreachable", {@code /api/audit} is 503 with one line, and the log carries
 * one line when the outage starts and one when it ends, not one per request.
 */
class DatabaseOutageEndpointsTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_WITHIN).build();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Server h2;

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        if (h2 != null) {
            h2.stop();
        }
    }

    @Test
    void endpointsAnswerFromMemoryWhileTheDatabaseIsDown() throws Exception {
        int port = freePort();
        h2 = startH2(port);
        GuardConfig config = ConfigLoader.loadString("""
                sampling:
                  dataDir: %s
                metrics:
                  port: 0
                audit:
                  spoolDir: %s
                """.formatted(dir.resolve("data"), dir.resolve("spool")), "guard.yaml").orThrow();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DatabaseSettings settings = new DatabaseSettings("jdbc:h2:tcp://127.0.0.1:" + port + "/outage", "sa", "", 4);
        try (Database db = Database.openAndMigrate(settings)) {
            Instant now = Instant.now();
            try (Guard guard = Guard.start(config, db, GuardOptions.defaults().withHttp(true).withDashboard(false)
                    .withMeterRegistry(prometheus)
                    .withMetricsScrape(() -> prometheus.scrape(StatusServer.METRICS_CONTENT_TYPE)))) {
                // two real deferrals (a row without its JobRunr job would be reconciled away as DROPPED)
                for (String job : List.of("selfplay", "training")) {
                    guard.deferrals().defer(new DeferralRequest("ringrift", job, "NORMAL", 5, Map.of(), 1, "level 3",
                            null, 0, now), now.plus(Duration.ofHours(1)));
                }
                URI base = guard.http().orElseThrow().baseUri();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        json(get(base, "/api/status")).get("pendingDeferrals").size() == 2);

                h2.stop();
                await().atMost(Duration.ofSeconds(15)).until(() ->
                        json(get(base, "/api/status")).path("pendingDeferralsUnknown").asText().startsWith("unknown"));
                for (int i = 0; i < 5; i++) {
                    HttpResponse<String> status = timed(base, "/api/status");
                    assertThat(status.statusCode()).isEqualTo(200);
                    JsonNode s = json(status);
                    assertThat(s.get("resources").size()).as("readings come from memory").isPositive();
                    assertThat(s.get("level").isInt()).isTrue();
                    assertThat(s.get("pendingDeferralsUnknown").asText()).isEqualTo("unknown: database unreachable");
                    assertThat(s.get("pendingDeferrals").isEmpty()).isTrue();

                    HttpResponse<String> metrics = timed(base, "/metrics");
                    assertThat(metrics.statusCode()).isEqualTo(200);
                    assertThat(metrics.body()).contains("ringrift_resource_degradation_level")
                            .containsPattern("ringrift_guard_deferrals_pending(\\{[^}]*\\})? NaN");

                    HttpResponse<String> audit = timed(base, "/api/audit?since=1h");
                    assertThat(audit.statusCode()).isEqualTo(503);
                    assertThat(json(audit).get("error").asText()).isEqualTo("unknown: database unreachable")
                            .doesNotContain("Exception").doesNotContain("\n");
                    for (String path : List.of("/api/history?since=1h", "/api/decisions")) {
                        HttpResponse<String> r = timed(base, path);
                        assertThat(r.statusCode()).as(path).isEqualTo(503);
                        assertThat(json(r).get("error").asText()).as(path).isEqualTo("unknown: database unreachable");
                    }
                    assertThat(timed(base, "/").statusCode()).as("the status page itself").isEqualTo(200);
                }
                assertThat(lines(e -> e.getFormattedMessage().contains("database unreachable"))).hasSize(1);

                h2 = startH2(port);
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        json(get(base, "/api/status")).get("pendingDeferrals").size() == 2);
                assertThat(timed(base, "/api/audit?since=1h").statusCode()).isEqualTo(200);
                assertThat(timed(base, "/api/history?since=1h").statusCode()).isEqualTo(200);
                assertThat(timed(base, "/api/decisions").statusCode()).isEqualTo(200);
                List<ILoggingEvent> ended = lines(e -> e.getFormattedMessage().contains("database reachable again"));
                assertThat(ended).hasSize(1);
                assertThat(ended.get(0).getFormattedMessage()).containsPattern("\\d+ failed");
                assertThat(lines(e -> e.getFormattedMessage().contains("database unreachable"))).hasSize(1);
                assertThat(lines(e -> e.getThrowableProxy() != null && e.getLoggerName().startsWith("ai.ringrift")))
                        .as("no stack traces from the guard's endpoints during the outage").isEmpty();
            }
        }
    }

    private List<ILoggingEvent> lines(Predicate<ILoggingEvent> which) {
        synchronized (log.list) {
            return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).filter(which).toList();
        }
    }

    private HttpResponse<String> timed(URI base, String path) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(base, path);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(path + " during the outage").isLessThan(ANSWER_WITHIN);
        return r;
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private Server startH2(int port) throws Exception {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(),
                "-ifNotExists").start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
