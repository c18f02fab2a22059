package ai.ringrift.guard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 16, hostile input: clients that never finish their headers, HEAD, oversized request
 * lines and headers, against a real server on a port the OS chose.
 */
class HostileClientsTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_WITHIN).build();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private StatusServer server;

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger("ai.ringrift.guard.http")).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("ai.ringrift.guard.http")).detachAppender(log);
        if (server != null) {
            server.close();
        }
    }

    private StatusServer start(HttpLimits limits) {
        return StatusServer.builder().port(0).limits(limits)
                .metrics(() -> "ringrift_resource_degradation_level 1.0\n")
                .status(() -> Map.of("level", 1, "tier", "MID_TIER"))
                .audit(params -> List.of())
                .start();
    }

    @Test
    void fiftyClientsThatNeverFinishTheirHeadersDoNotStallTheApi() throws Exception {
        server = start(HttpLimits.DEFAULTS);
        try (SlowClients slow = SlowClients.open(server.port(), 50)) {
            for (int round = 0; round < 3; round++) {
                for (String path : List.of("/api/status", "/metrics")) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = get(path);
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    assertThat(r.statusCode()).as(path).isEqualTo(200);
                    assertThat(took).as(path + " with 50 stalled clients").isLessThan(ANSWER_WITHIN);
                }
            }
            assertThat(slow.closedByServer()).as("still within the header timeout").isZero();
        }
    }

    @Test
    void clientsThatNeverFinishTheirHeadersAreClosedAfterTheHeaderTimeout() throws Exception {
        server = start(HttpLimits.DEFAULTS.withHeaderTimeout(Duration.ofMillis(500)));
        try (SlowClients slow = SlowClients.open(server.port(), 20)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.closedByServer() == slow.size());
        }
    }

    @Test
    void pastTheConnectionCapTheOldestStalledClientMakesRoom() throws Exception {
        server = start(HttpLimits.DEFAULTS.withMaxConnections(20));
        try (SlowClients slow = SlowClients.open(server.port(), 60)) {
            for (String path : List.of("/api/status", "/metrics")) {
                long t0 = System.nanoTime();
                assertThat(get(path).statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(ANSWER_WITHIN);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.closedByServer() >= 40);
        }
    }

    @Test
    void aHandlerPastTheRequestTimeoutIsCutAndItsThreadServesTheNextRequest() throws Exception {
        HttpLimits d = HttpLimits.DEFAULTS;
        HttpLimits oneThread = new HttpLimits(1, d.queue(), d.maxConnections(), d.headerTimeout(),
                Duration.ofMillis(300), d.maxRequestLine(), d.maxHeaderBytes(), d.maxHeaderCount(), d.maxBodyBytes());
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        server = StatusServer.builder().port(0).limits(oneThread)
                .metrics(() -> "ringrift_resource_degradation_level 1.0\n")
                .status(() -> {
                    if (first.getAndSet(false)) {
                        try {
                            Thread.sleep(60_000); // a handler stuck on something slow
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted");
                        }
                    }
                    return Map.of("level", 1);
                })
                .start();
        long t0 = System.nanoTime();
        String answer; // a raw socket: HttpClient would retry the GET on a fresh connection
        try {
            answer = SlowClients.statusLine(server.port(), "GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n");
        } catch (java.io.IOException reset) {
            answer = "";
        }
        assertThat(answer).as("the connection is closed without an answer").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("cut at the request timeout").isLessThan(Duration.ofSeconds(3));
        for (String path : List.of("/metrics", "/api/status")) {
            long t1 = System.nanoTime();
            assertThat(get(path).statusCode()).as(path + " on the only request thread").isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(ANSWER_WITHIN);
        }
    }

    @Test
    void headAnswersLikeGetWithoutABodyAndLogsNothing() throws Exception {
        server = start(HttpLimits.DEFAULTS);
        for (String path : List.of("/api/status", "/metrics", "/api/audit")) {
            HttpResponse<String> get = get(path);
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri(path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(ANSWER_WITHIN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.headers().firstValueAsLong("Content-Length"))
                    .hasValue(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
    }

    @Test
    void anOversizedRequestLineIs414() throws Exception {
        server = start(HttpLimits.DEFAULTS);
        String line = "GET /api/status?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        assertThat(SlowClients.statusLine(server.port(), line)).startsWith("HTTP/1.1 414");
        assertThat(get("/api/status").statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedOrTooManyHeadersAre431() throws Exception {
        server = start(HttpLimits.DEFAULTS);
        String big = "GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n";
        assertThat(SlowClients.statusLine(server.port(), big)).startsWith("HTTP/1.1 431");
        StringBuilder many = new StringBuilder("GET /api/status HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 150; i++) {
            many.append("X-H").append(i).append(": 1\r\n");
        }
        assertThat(SlowClients.statusLine(server.port(), many.append("\r\n").toString())).startsWith("HTTP/1.1 431");
        assertThat(get("/api/status").statusCode()).isEqualTo(200);
    }

    @Test
    void garbageIs400() throws Exception {
        server = start(HttpLimits.DEFAULTS);
        assertThat(SlowClients.statusLine(server.port(), "HELLO\r\n\r\n")).startsWith("HTTP/1.1 400");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().timeout(ANSWER_WITHIN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }
}
