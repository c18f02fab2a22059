package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.testsupport.Ci;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three daemons (separate JVMs, all started at the same moment on an empty PostgreSQL database, so
 * this is also a simultaneous start) run a recoverable long one-shot job; the node running it is
 * killed with {@code kill -9}; a survivor runs it again and finishes it within {@link #RECOVERY_BOUND}
 * (Quartz's cluster check-in, 7.5 s, finds the dead node after about two intervals). The audit tells
 * the story: the dead run's ALLOW row closed "did not finish (node died)" by the survivor, and the
 * recovery's own ALLOW row, marked {@code recovery-of:}, with a successful outcome.
 */
class FleetCrashRecoveryProcessTest {

    /** From the kill to the recovered run's outcome row. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    @TempDir
    Path tmp;

    private String database;
    private final List<Process> nodes = new ArrayList<>();

    @BeforeEach
    void freshDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "")) {
            database = "rr_fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                    .toLowerCase(Locale.ROOT);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            if (Ci.active()) {
                Assertions.fail("CI is set but PostgreSQL does not answer at " + SERVER + "test: " + e.getMessage());
            }
            Assumptions.abort("PostgreSQL does not answer at " + SERVER + "test: " + e.getMessage());
        }
    }

    @AfterEach
    void dropDatabase() throws Exception {
        for (Process p : nodes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (database != null) {
            try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void aSurvivorFinishesTheRecoverableFireOfAKilledNode() throws Exception {
        Path marks = tmp.resolve("marks");
        for (int n = 1; n <= 3; n++) {
            nodes.add(daemon(n, marks));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> nodes.stream().anyMatch(p -> !p.isAlive()) || marks(marks, "started-").size() == 1);
        for (int n = 0; n < 3; n++) {
            assertThat(nodes.get(n).isAlive()).as("node %d started; stderr:\n%s", n + 1, log(n + 1)).isTrue();
        }
        String pid = marks(marks, "started-").get(0).split("-")[2];
        Process runner = nodes.stream().filter(p -> ("pid" + p.pid()).equals(pid)).findFirst().orElseThrow();
        runner.destroyForcibly(); // kill -9 the node running the job
        runner.waitFor(30, TimeUnit.SECONDS);
        Instant killed = Instant.now();
        Files.writeString(marks.resolve("release"), "go");

        await().atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(500)).until(() -> outcomes() == 2);
        assertThat(Duration.between(killed, Instant.now())).isLessThan(RECOVERY_BOUND);
        List<String> finished = marks(marks, "finished-");
        assertThat(finished).hasSize(1).allMatch(n -> n.startsWith("finished-recovery-") && !n.contains(pid + "-"));
        List<String> rows = rows("SELECT d.decision, d.node_id, d.fire_instance_id, o.success, o.error_class,"
                + " o.error_message FROM guard_decision d LEFT JOIN job_outcome o ON o.node_id = d.node_id"
                + " AND o.decision_seq = d.seq WHERE d.job_name = 'long-train' ORDER BY d.decided_at");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("ALLOW|").contains("|f|node-died|did not finish (node died); run again as decision ");
        assertThat(rows.get(1)).startsWith("ALLOW|").contains("|recovery-of:ringrift.long-train@").endsWith("|t|null|null");
        assertThat(rows("SELECT COUNT(*) FROM guard_decision d WHERE decision IN ('ALLOW', 'RESIZE') AND NOT EXISTS"
                + " (SELECT 1 FROM job_outcome o WHERE o.node_id = d.node_id AND o.decision_seq = d.seq)"))
                .as("every admitted fire has an outcome").containsExactly("0");
    }

    private Process daemon(int n, Path marks) throws IOException {
        Path dir = tmp.resolve("node" + n);
        Files.createDirectories(dir);
        String d = dir.toAbsolutePath().toString().replace('\\', '/');
        Path config = dir.resolve("guard.yaml");
        Files.writeString(config, "node:\n  id: node" + n + "\n"
                + "database:\n  url: " + SERVER + database + "\n  user: postgres\n"
                + "dashboard:\n  port: 0\n"
                + "metrics:\n  port: 0\n"
                + "quartz:\n  threadCount: 2\n"
                + "sampling:\n  dataDir: " + d + "/data\n  diskPaths: [" + d + "]\n"
                + "audit:\n  spoolDir: " + d + "/spool\n"
                + "jobs:\n"
                + "  - name: long-train\n"
                + "    class: ai.ringrift.cli.testjobs.MarkerJob\n"
                + "    once: true\n"
                + "    priority: CRITICAL\n"
                + "    recover: true\n"
                + "    parameters:\n"
                + "      dir: \"" + marks.toString().replace('\\', '/') + "\"\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "ai.ringrift.cli.Main", "run", "--config", config.toString()))
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("out.log").toFile())
                .redirectError(dir.resolve("err.log").toFile())
                .start();
    }

    private String log(int n) throws IOException {
        return Files.readString(tmp.resolve("node" + n).resolve("err.log"));
    }

    private static List<String> marks(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    private long outcomes() throws SQLException {
        List<String> r = rows("SELECT COUNT(*) FROM job_outcome WHERE job_name = 'long-train'");
        return Long.parseLong(r.get(0));
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
