package ai.ringrift.guard.jobrunr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.http.SlowClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 16: the dashboard keeps answering while 50 clients never finish their headers. */
class DashboardHostileClientsTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_WITHIN).build();
    private InMemoryStorageProvider storage;
    private LoopbackDashboard dashboard;

    @AfterEach
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void fiftyStalledClientsDoNotStallTheDashboard() throws Exception {
        storage = new InMemoryStorageProvider();
        JacksonJsonMapper json = new JacksonJsonMapper();
        storage.setJobMapper(new org.jobrunr.jobs.mappers.JobMapper(json));
        dashboard = LoopbackDashboard.start(storage, json, "127.0.0.1", 0, null, null);
        try (SlowClients slow = SlowClients.open(dashboard.port(), 50)) {
            for (int round = 0; round < 2; round++) {
                for (String path : List.of("/dashboard/", "/api/jobs?state=ENQUEUED&offset=0&limit=20", "/api/servers")) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + dashboard.port() + path)).timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(path).isEqualTo(200);
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(path).isLessThan(ANSWER_WITHIN);
                }
            }
            assertThat(SlowClients.statusLine(dashboard.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 302");
            assertThat(SlowClients.statusLine(dashboard.port(), "GET /sse/jobstats HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .as("server-sent events stream").startsWith("HTTP/1.1 200");
        }
    }
}
