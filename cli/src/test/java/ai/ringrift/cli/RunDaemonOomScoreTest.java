package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.runtime.StatusReport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * {@code ringrift run} as a separate process sets its own {@code oom_score_adj} to
 * {@code node.oomScoreAdj}, read back from {@code /proc/<daemon pid>}. Lowering it needs
 * CAP_SYS_RESOURCE: with it (root outside a restricted container) -321 is in place; without it the
 * daemon prints a clear warning and runs on, and a raise (always permitted) still shows the write works.
 * The daemon's status report ({@code GET /api/status}, what {@code ringrift status} prints) carries its
 * {@code oom_score} and {@code oom_score_adj}.
 */
class RunDaemonOomScoreTest {

    @TempDir
    Path tmp;

    /** CAP_SYS_RESOURCE (bit 24) in this process's effective capabilities; the daemon inherits them. */
    static boolean canLowerOomScore() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 24)) != 0;
            }
        }
        return false;
    }

    @Test
    void daemonSetsItsOwnOomScoreAdjAndStatusShowsIt() throws Exception {
        int inherited = Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).trim());
        if (canLowerOomScore()) {
            runDaemon(-321, true, inherited);
        } else {
            runDaemon(-321, false, inherited);
            runDaemon(Math.min(1000, inherited + 250), true, inherited);
        }
    }

    private void runDaemon(int wanted, boolean permitted, int inherited) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d" + (wanted + 1000)));
        CliFixture f = new CliFixture(dir, "node:\n  oomScoreAdj: " + wanted + "\njobs: []\n");
        Path stdout = dir.resolve("daemon.out");
        Path stderr = dir.resolve("daemon.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "ai.ringrift.cli.Main", "run", "--config", f.config.toString()))
                .directory(dir.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || Files.readString(stdout).contains("running; stop with"));
            String out = Files.readString(stdout);
            String err = Files.readString(stderr);
            assertThat(p.isAlive()).as("daemon runs; stdout:%n%s%nstderr:%n%s", out, err).isTrue();
            int adj = Integer.parseInt(Files.readString(Path.of("/proc", Long.toString(p.pid()), "oom_score_adj")).trim());
            if (permitted) {
                assertThat(adj).as("read back from /proc/%d; stdout:%n%s%nstderr:%n%s", p.pid(), out, err)
                        .isEqualTo(wanted);
                assertThat(out).containsPattern("(?m)^oom +oom_score_adj " + wanted + " \\(oom_score \\d+\\)$");
                assertThat(err).doesNotContain("warning: cannot set the daemon's oom_score_adj");
            } else {
                assertThat(adj).as("not permitted: unchanged").isEqualTo(inherited);
                assertThat(err).contains("warning: cannot set the daemon's oom_score_adj to " + wanted
                        + " (node.oomScoreAdj)").contains("needs CAP_SYS_RESOURCE");
                assertThat(out).contains("not " + wanted + " (not permitted)");
            }
            // the daemon's own report (GET /api/status on its metrics port) carries its oom figures
            Matcher m = Pattern.compile("(?m)^metrics +(http://\\S+)/metrics$").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(m.group(1) + "/api/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode report = Guard.jsonMapper().readTree(r.body());
            assertThat(report.get("oomScoreAdj").asInt()).isEqualTo(adj);
            assertThat(report.get("oomScore").asInt()).as("the kernel's score moves with memory use").isBetween(0, 2000);
            StringWriter text = new StringWriter();
            StatusPrinter.print(Guard.jsonMapper().readValue(r.body(), StatusReport.class), new PrintWriter(text));
            assertThat(text.toString()).containsPattern("(?m)^oom +oom_score \\d+, oom_score_adj " + adj + "$");
        } finally {
            p.destroy();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("stderr:\n" + Files.readString(stderr)).isZero();
    }
}
