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
 * {@code kill -9} of a single-node daemon on the embedded H2 file while a deferral is pending: a
 * {@code once: true} NORMAL job fires into memory pressure (95 %, injected through the sampler's
 * source by {@link FileReadingsDaemon}: level 4 defers NORMAL), its DEFER and its
 * {@code guard_deferral} row are stored, the daemon is killed. Restarted with the pressure gone, the
 * deferred fire runs to completion exactly once (one run of the job, one ALLOW, one outcome), no
 * deferral stays pending, and the audit ends true: the job's decisions are the DEFERs then one
 * ALLOW with a successful outcome, and the count check ({@link FireCounts}) holds.
 */
class DeferralCrashProcessTest {

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
    void aDeferralPendingAtKillNineRunsOnceAfterTheRestart() throws Exception {
        node = new SingleNodeH2Daemon(tmp);
        Path marks = Files.createDirectories(tmp.resolve("marks"));
        Files.writeString(marks.resolve("release"), "go"); // the job finishes as soon as it starts
        Path readings = tmp.resolve("readings.properties");
        Files.writeString(readings, "cpu=20\nmemory=95\ndisk=40\n");
        CliFixture f = new CliFixture(tmp, "deferral:\n  initialBackoff: 10s\n  jitter: 0\n"
                + "jobs:\n"
                + "  - name: deferred-once\n"
                + "    class: ai.ringrift.cli.testjobs.MarkerJob\n"
                + "    once: true\n"
                + "    priority: NORMAL\n"
                + "    parameters:\n"
                + "      dir: \"" + marks.toString().replace('\\', '/') + "\"\n");

        daemon = node.start(f, readings, "first");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> !daemon.isAlive() || node.running("first")
                        && node.count("guard_deferral WHERE job_name = 'deferred-once'") == 1);
        assertThat(daemon.isAlive()).as("first daemon runs; stderr:\n%s", node.log("first")).isTrue();
        daemon.destroyForcibly(); // SIGKILL while the deferral is pending
        daemon.waitFor(30, TimeUnit.SECONDS);
        assertThat(node.marks("started-")).as("the deferred job did not run before the kill").isEmpty();

        Files.writeString(readings, "cpu=20\nmemory=30\ndisk=40\n"); // the pressure is gone
        node.awaitLockFileAged(); // H2 refuses to open a file whose lock file changed in the last 2 s
        daemon = node.start(f, readings, "second");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> !daemon.isAlive() || node.running("second")
                        && node.count("job_outcome WHERE job_name = 'deferred-once'") == 1
                        && node.count("guard_deferral") == 0);
        assertThat(daemon.isAlive()).as("second daemon runs; stderr:\n%s", node.log("second")).isTrue();
        daemon.destroy(); // SIGTERM
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(node.marks("started-")).as("the job ran once").hasSize(1);
        assertThat(node.marks("finished-")).as("and to completion").hasSize(1);
        List<String> rows = node.rows("SELECT d.decision, o.success FROM guard_decision d LEFT JOIN job_outcome o"
                + " ON o.node_id = d.node_id AND o.decision_seq = d.seq WHERE d.job_name = 'deferred-once'"
                + " ORDER BY d.seq");
        System.out.println("DeferralCrashProcessTest: decisions of deferred-once (decision, decided_at, defer_until) "
                + node.rows("SELECT decision, decided_at, defer_until FROM guard_decision WHERE job_name = 'deferred-once'"
                + " ORDER BY seq"));
        assertThat(rows).as("DEFERs before the kill, then one ALLOW that succeeded").last().isEqualTo("ALLOW|TRUE");
        assertThat(rows.subList(0, rows.size() - 1)).isNotEmpty().allMatch(r -> r.equals("DEFER|null"));
        assertThat(node.count("job_outcome WHERE job_name = 'deferred-once'")).as("one outcome row").isEqualTo(1);
        assertThat(node.count("guard_deferral")).as("nothing left pending").isZero();
        // the count check: Quartz's one fire plus one re-fire per DEFER, each decided once; the ALLOW has its outcome
        FireCounts.assertConsistent(node.dataSource(), null, rows.size());
    }
}
