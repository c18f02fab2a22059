package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.runtime.Guard;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code ringrift run} as a separate process on a temporary H2 file; the health check
 * (every 2 s) gets audited ALLOW rows that {@code ringrift audit} reads from this process through
 * H2's AUTO_SERVER; the printed dashboard and metrics addresses answer; SIGTERM stops it with exit 0.
 */
class RunDaemonProcessTest {

    @TempDir
    Path tmp;

    @Test
    void runAuditsTheHealthCheckAndStopsCleanlyOnSigterm() throws Exception {
        CliFixture f = new CliFixture(tmp, "jobs:\n"
                + "  - name: health-check\n"
                + "    class: ai.ringrift.cli.testjobs.ProbeJob\n"
                + "    interval: 2s\n"
                + "    priority: CRITICAL\n"
                + "    parameters:\n"
                + "      min_free_gb: \"0\"\n");
        Path stdout = tmp.resolve("daemon.out");
        Path stderr = tmp.resolve("daemon.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "ai.ringrift.cli.Main", "run", "--config", f.config.toString()))
                .directory(tmp.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            // wait for the positive signal: an ALLOW row of health-check in the audit (or the daemon's exit)
            JsonNode[] found = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!p.isAlive()) {
                    return true;
                }
                if (!Files.readString(stdout).contains("jobs ")) {
                    return false;
                }
                CliFixture.Result r = f.run("audit", "--job", "health-check", "--format", "json");
                assertThat(r.code()).as(r.toString()).isZero();
                for (JsonNode row : Guard.jsonMapper().readTree(r.out())) {
                    if ("ALLOW".equals(row.get("decision").asText())) {
                        found[0] = row;
                    }
                }
                return found[0] != null;
            });
            JsonNode allow = found[0];
            assertThat(allow).as("health-check ALLOW row; daemon stdout:\n%s\nstderr:\n%s",
                    Files.readString(stdout), Files.readString(stderr)).isNotNull();
            assertThat(allow.get("priority").asText()).isEqualTo("CRITICAL");

            String out = Files.readString(stdout);
            assertThat(out).contains("database   jdbc:h2:file:").contains("jobs       1 registered: health-check");
            assertThat(get(url(out, "dashboard"))).isEqualTo(200);
            String metrics = url(out, "metrics");
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(metrics)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("ringrift_resource_degradation_level")
                    .contains("ringrift_guard_decisions_total")
                    .as("the daemon owns the process: its registry has the JVM's metrics")
                    .contains("jvm_memory_used_bytes");
        } finally {
            p.destroy(); // SIGTERM
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("daemon stops within 60 s").isTrue();
        assertThat(p.exitValue()).as("exit code; stderr:\n" + Files.readString(stderr)).isZero();
        assertThat(Files.readString(stdout)).contains("stopping: waiting up to 30 s").contains("stopped");
    }

    private static String url(String out, String what) {
        Matcher m = Pattern.compile("(?m)^" + what + " +(http://\\S+)$").matcher(out);
        assertThat(m.find()).as(what + " address in:\n" + out).isTrue();
        return m.group(1);
    }

    private static int get(String url) throws Exception {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

}
