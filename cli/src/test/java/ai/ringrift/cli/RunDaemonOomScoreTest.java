package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ringrift run} as a separate process lowers its own {@code oom_score_adj} to
 * {@code node.oomScoreAdj}: read back from {@code /proc/<daemon pid>} as root; without the privilege
 * the daemon warns and runs on with its inherited value. {@code ringrift status} shows the daemon's
 * {@code oom_score}.
 */
class RunDaemonOomScoreTest {

    @TempDir
    Path tmp;

    @Test
    void daemonLowersItsOwnOomScoreAdjAndStatusShowsIt() throws Exception {
        CliFixture f = new CliFixture(tmp, "node:\n  oomScoreAdj: -321\njobs: []\n");
        Path stdout = tmp.resolve("daemon.out");
        Path stderr = tmp.resolve("daemon.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int inherited = Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).trim());
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "ai.ringrift.cli.Main", "run", "--config", f.config.toString()))
                .directory(tmp.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || Files.readString(stdout).contains("running; stop with"));
            assertThat(p.isAlive()).as("daemon runs; stderr:\n" + Files.readString(stderr)).isTrue();
            int adj = Integer.parseInt(Files.readString(Path.of("/proc", Long.toString(p.pid()), "oom_score_adj")).trim());
            String out = Files.readString(stdout);
            if (root) {
                assertThat(adj).as("read back from /proc/%d", p.pid()).isEqualTo(-321);
                assertThat(out).containsPattern("(?m)^oom +oom_score_adj -321 \\(oom_score \\d+\\)$");
            } else {
                assertThat(adj).as("not permitted: unchanged").isEqualTo(inherited);
                assertThat(Files.readString(stderr)).contains("warning: cannot set the daemon's oom_score_adj to -321");
                assertThat(out).contains("not -321 (not permitted)");
            }
            CliFixture.Result status = f.run("status");
            assertThat(status.code()).as(status.toString()).isZero();
            assertThat(status.out()).contains("daemon at")
                    .containsPattern("(?m)^oom +oom_score \\d+, oom_score_adj " + adj + "$");
        } finally {
            p.destroy();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("stderr:\n" + Files.readString(stderr)).isZero();
    }
}
