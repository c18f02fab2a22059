package ai.ringrift.guard.jobrunr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's counters come from server-sent events ({@code /sse/jobstats}, {@code /sse/servers},
 * read by the page's {@code EventSource}; until the first event they read {@code ?}): through the
 * loopback server a real HTTP client gets each stream with the current numbers as its first event.
 */
class DashboardEventsTest {

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
    void aPageConnectingGetsTheCurrentCountsAtOnce() throws Exception {
        storage = new InMemoryStorageProvider();
        JacksonJsonMapper json = new JacksonJsonMapper();
        storage.setJobMapper(new org.jobrunr.jobs.mappers.JobMapper(json));
        dashboard = LoopbackDashboard.start(storage, json, "127.0.0.1", 0, null, null);

        assertThat(firstData("/sse/jobstats")).contains("\"total\":0");
        // a job saved now: the next page to connect sees it in its first event, not the count
        // broadcast before (JobRunr's own handler replays its last broadcast until its next tick)
        storage.save(new Job(new JobDetails("java.lang.System", null, "gc", List.of())));
        assertThat(firstData("/sse/jobstats")).contains("\"total\":1").contains("\"enqueued\":1");
        assertThat(firstData("/sse/servers")).startsWith("data: [");
    }

    /** The first {@code data:} line of the event stream at {@code path}, read by a real HTTP client. */
    private String firstData(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + dashboard.port() + path)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/event-stream"));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    if (line.startsWith("data:")) {
                        return line;
                    }
                }
                return "(stream ended without data)";
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return first.get(30, TimeUnit.SECONDS);
    }
}
