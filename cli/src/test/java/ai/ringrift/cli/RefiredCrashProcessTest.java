package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.testsupport.FireCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a single-node daemon on the embedded H2 file while a deferral's re-fire runs:
 * a recoverable ({@code recover: true}) {@code once: true} NORMAL job fires into memory pressure
 * (95 %, injected through the sampler's source by {@link FileReadingsDaemon}: level 4 defers
 * NORMAL) and is DEFERred; the pressure goes, the deferral re-fires, its ALLOW (attempt >= 1) starts
 * the job, and the daemon is killed while the job waits. Restarted with calm readings, the re-fired
 * fire is recovered and runs to completion exactly once (one {@code finished-} marker, under a
 * decision row marked {@code recovery-of:}), the dead run's ALLOW is closed with a failed outcome
 * {@code node-died}, no deferral stays pending, and the count check ({@link FireCounts}) holds.
 */
class RefiredCrashProcessTest {

    @TempDir
    Path tmp;

    private Process daemon;
    private SingleNodeH2Daemon node;

    @AfterEach
    void stop() throws InterruptedException {
        if (daemon != null) {
            daemon.destroyForcibly();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReFiredRunCutShortByKillNineIsRecoveredAndRunsToCompletionOnce() throws Exception {
        node = new SingleNodeH2Daemon(tmp);
        Path marks = Files.createDirectories(tmp.resolve("marks")); // no release file: runs wait until it appears
        Path readings = tmp.resolve("readings.properties");
        Files.writeString(readings, "cpu=20\nmemory=95\ndisk=40\n");
        CliFixture f = new CliFixture(tmp, "deferral:\n  initialBackoff: 2s\n  jitter: 0\n"
                + "jobs:\n"
                + "  - name: refired-once\n"
                + "    class: ai.ringrift.cli.testjobs.MarkerJob\n"
                + "    once: true\n"
                + "    priority: NORMAL\n"
                + "    recover: true\n"
                + "    parameters:\n"
                + "      dir: \"" + marks.toString().replace('\\', '/') + "\"\n");

        daemon = node.start(f, readings, "first");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !daemon.isAlive() || node.running("first")
                        && node.count("guard_decision WHERE job_name = 'refired-once' AND decision = 'DEFER'") >= 1);
        assertThat(daemon.isAlive()).as("first daemon runs; stderr:\n%s", node.log("first")).isTrue();
        assertThat(node.marks("started-")).as("the deferred fire did not run").isEmpty();
        Files.writeString(readings, "cpu=20\nmemory=30\ndisk=40\n"); // the pressure is gone: the deferral re-fires
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !daemon.isAlive() || node.marks("started-").size() == 1
                        && node.count("guard_decision WHERE job_name = 'refired-once' AND decision = 'ALLOW'"
                        + " AND attempt >= 1") == 1);
        assertThat(daemon.isAlive()).as("first daemon runs; stderr:\n%s", node.log("first")).isTrue();
        daemon.destroyForcibly(); // SIGKILL while the re-fired run waits for its release
        daemon.waitFor(30, TimeUnit.SECONDS);
        assertThat(node.marks("finished-")).as("the re-fired run did not finish before the kill").isEmpty();
        Files.writeString(marks.resolve("release"), "go"); // runs started from now on finish at once

        node.awaitLockFileAged(); // H2 refuses to open a file whose lock file changed in the last 2 s
        daemon = node.start(f, readings, "second");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> !daemon.isAlive() || node.running("second")
                        && node.count("job_outcome WHERE job_name = 'refired-once'") == 2
                        && node.count("guard_deferral") == 0);
        assertThat(daemon.isAlive()).as("second daemon runs; stderr:\n%s", node.log("second")).isTrue();
        daemon.destroy(); // SIGTERM
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<String> rows = node.rows("SELECT d.decision, d.attempt, d.fire_instance_id, o.success, o.error_class"
                + " FROM guard_decision d LEFT JOIN job_outcome o ON o.node_id = d.node_id AND o.decision_seq = d.seq"
                + " WHERE d.job_name = 'refired-once' ORDER BY d.seq");
        System.out.println("RefiredCrashProcessTest: decisions of refired-once (decision, attempt, fire, success,"
                + " error) " + rows);
        assertThat(node.marks("started-")).as("the re-fired run and its recovery").hasSize(2);
        assertThat(node.marks("finished-")).as("exactly one run finished: the recovery").hasSize(1)
                .allMatch(n -> n.startsWith("finished-recovery-"));
        List<String> allows = rows.stream().filter(r -> r.startsWith("ALLOW|")).toList();
        assertThat(allows).as("the re-fired ALLOW and its recovery's ALLOW").hasSize(2);
        assertThat(allows.get(0)).as("the dead re-fired run: attempt >= 1, failed, node died")
                .doesNotStartWith("ALLOW|0|").endsWith("|FALSE|node-died");
        assertThat(allows.get(1)).as("the recovered fire succeeded")
                .contains("|recovery-of:").endsWith("|TRUE|null");
        assertThat(rows.subList(0, rows.indexOf(allows.get(0)))).as("DEFERs before the re-fire").isNotEmpty()
                .allMatch(r -> r.startsWith("DEFER|"));
        assertThat(rows.get(rows.size() - 1)).isEqualTo(allows.get(1));
        assertThat(node.count("guard_deferral")).as("nothing left pending").isZero();
        // the count check: Quartz's one fire, one re-fire per DEFER, and the recovery's fire, each decided once
        long defers = rows.stream().filter(r -> r.startsWith("DEFER|")).count();
        FireCounts.assertConsistent(node.dataSource(), null, 1 + defers + 1);
    }
}
