package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a single-node daemon on the embedded H2 file while a recoverable one-shot job
 * runs ({@code recover: true}): the restarted daemon runs the fire again, once, under a decision row of
 * its own marked {@code recovery-of:}, and closes the dead run's decision with a failed outcome
 * "did not finish (node died)". The dead run's ALLOW row survived the kill (H2 writes commits
 * through). The one-shot is not armed again by the restart's registration. Every admitted fire
 * ends with an outcome.
 */
class CrashRecoveryProcessTest {

    @TempDir
    Path tmp;

    @Test
    void aRecoverableFireCutShortByKillNineRunsAgainOnceAfterTheRestart() throws Exception {
        Path marks = tmp.resolve("marks");
        CliFixture f = new CliFixture(tmp, "jobs:\n"
                + "  - name: long-train\n"
                + "    class: ai.ringrift.cli.testjobs.MarkerJob\n"
                + "    once: true\n"
                + "    priority: CRITICAL\n"
                + "    recover: true\n"
                + "    parameters:\n"
                + "      dir: \"" + marks.toString().replace('\\', '/') + "\"\n");
        Process first = daemon(f, "first");
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !first.isAlive() || marks("started-").size() == 1);
            assertThat(first.isAlive()).as("first daemon runs; stderr:\n%s", log("first")).isTrue();
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, the job never finishes
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(marks("finished-")).isEmpty();
        Files.writeString(marks.resolve("release"), "go"); // runs started from now on finish at once

        Process second = daemon(f, "second");
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !second.isAlive() || started("second") && outcomes(f) == 2);
            assertThat(second.isAlive()).as("second daemon runs; stderr:\n%s", log("second")).isTrue();
            assertThat(marks("started-")).as("the dead run and its recovery").hasSize(2);
            assertThat(marks("finished-")).hasSize(1).allMatch(n -> n.startsWith("finished-recovery-"));
            List<String> rows = rows(f, "SELECT d.decision, d.fire_instance_id, o.success, o.error_class,"
                    + " o.error_message FROM guard_decision d LEFT JOIN job_outcome o ON o.node_id = d.node_id"
                    + " AND o.decision_seq = d.seq WHERE d.job_name = 'long-train' ORDER BY d.seq");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).startsWith("ALLOW|").contains("|FALSE|node-died|did not finish (node died); run again"
                    + " as decision ");
            assertThat(rows.get(1)).startsWith("ALLOW|recovery-of:ringrift.long-train@").endsWith("|TRUE|null|null");
        } finally {
            second.destroy(); // SIGTERM
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(marks("started-")).as("the restart did not arm the one-shot again").hasSize(2);
    }

    private Process daemon(CliFixture f, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "ai.ringrift.cli.Main", "run", "--config", f.config.toString()))
                .directory(tmp.toFile())
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile())
                .start();
    }

    /** The daemon has opened the database and started (its H2 file is served to other processes). */
    private boolean started(String name) throws IOException {
        return Files.readString(tmp.resolve(name + ".out")).contains("running; stop with");
    }

    private String log(String name) throws IOException {
        return Files.readString(tmp.resolve(name + ".err"));
    }

    private List<String> marks(String prefix) throws IOException {
        Path dir = tmp.resolve("marks");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    private long outcomes(CliFixture f) throws Exception {
        List<String> r = rows(f, "SELECT COUNT(*) FROM job_outcome WHERE job_name = 'long-train'");
        return r.isEmpty() ? 0 : Long.parseLong(r.get(0));
    }

    /** Rows as {@code a|b|c}, read through H2's AUTO_SERVER while the daemon holds the file. */
    private List<String> rows(CliFixture f, String sql) throws Exception {
        String url = "jdbc:h2:file:" + tmp.toAbsolutePath().toString().replace('\\', '/') + "/db/ringrift;AUTO_SERVER=TRUE";
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        } catch (java.sql.SQLException e) {
            if (String.valueOf(e.getMessage()).contains("already in use")) {
                return List.of(); // the daemon is between opening the file and serving it
            }
            throw e;
        }
        return out;
    }
}
