package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.testsupport.Ci;
import ai.ringrift.testsupport.FireCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of three daemons (separate JVMs, {@link FileReadingsDaemon} on a calm host, one
 * fresh PostgreSQL database) while an interval job fires every {@link #INTERVAL} and a
 * {@code once: true} job exists: each node in turn is stopped with SIGTERM, started again, and
 * waited for until it runs. Afterwards, from the audit tables:
 * <ul>
 *   <li>no scheduled fire time of the interval job is decided twice, and none between the first and
 *       the last is missing: the audit has no column for the scheduled fire time, so the job
 *       ({@link ai.ringrift.cli.testjobs.TickJob}) reports Quartz's {@code getScheduledFireTime()} in
 *       its outcome's {@code detail}; every decision of the job is an ALLOW with exactly one outcome,
 *       so the outcomes' scheduled times are the decisions' scheduled times;</li>
 *   <li>the one-shot job was decided and ran exactly once;</li>
 *   <li>each node id's decision {@code seq} numbers are 1..N with no gap and no repeat, across all
 *       of that node's runs (a restarted node continues its numbering);</li>
 *   <li>the count check ({@link FireCounts}): fires = ALLOW + RESIZE + DEFER + VETO, and every
 *       admitted fire has an outcome row.</li>
 * </ul>
 */
class RollingRestartProcessTest {

    static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final List<String> NODES = List.of("node1", "node2", "node3");

    @TempDir
    Path tmp;

    private String database;
    private Path readings;
    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> runs = new LinkedHashMap<>();

    @BeforeEach
    void freshDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "")) {
            database = "rr_rolling_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
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
        readings = tmp.resolve("readings.properties");
        Files.writeString(readings, "cpu=20\nmemory=30\ndisk=40\n");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        for (Process p : nodes.values()) {
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
    void aRollingRestartNeitherDoublesNorLosesAFireAndRunsTheOneShotOnce() throws Exception {
        for (String n : NODES) {
            start(n);
        }
        for (String n : NODES) {
            awaitRunning(n);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> count("job_outcome WHERE job_name = 'tick'") >= 2
                        && count("job_outcome WHERE job_name = 'once-only'") == 1);
        for (String n : NODES) {
            Process p = nodes.get(n);
            p.destroy(); // SIGTERM: a graceful stop
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s stops on SIGTERM", n).isTrue();
            long before = count("job_outcome WHERE job_name = 'tick'");
            start(n);
            awaitRunning(n);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> count("job_outcome WHERE job_name = 'tick'") > before);
        }
        long afterAll = count("job_outcome WHERE job_name = 'tick'");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> count("job_outcome WHERE job_name = 'tick'") >= afterAll + 2);
        for (String n : NODES) {
            nodes.get(n).destroy();
        }
        for (String n : NODES) {
            assertThat(nodes.get(n).waitFor(60, TimeUnit.SECONDS)).as("%s stops on SIGTERM", n).isTrue();
        }

        List<String> tickDecisions = rows("SELECT d.decision, o.detail FROM guard_decision d LEFT JOIN job_outcome o"
                + " ON o.node_id = d.node_id AND o.decision_seq = d.seq WHERE d.job_name = 'tick' ORDER BY d.decided_at");
        assertThat(tickDecisions).as("every decision of the interval job admitted it and has its outcome")
                .allMatch(r -> r.startsWith("ALLOW|scheduled="));
        assertThat(count("job_outcome WHERE job_name = 'tick'")).isEqualTo(tickDecisions.size());
        List<Long> scheduled = tickDecisions.stream().map(r -> Long.parseLong(r.substring("ALLOW|scheduled=".length())))
                .sorted().toList();
        System.out.println("RollingRestartProcessTest: " + scheduled.size() + " fires of 'tick' over "
                + (scheduled.get(scheduled.size() - 1) - scheduled.get(0)) / 1000.0 + " s; decisions per node "
                + rows("SELECT node_id, COUNT(*) FROM guard_decision WHERE job_name = 'tick' GROUP BY node_id"
                + " ORDER BY node_id"));
        assertThat(scheduled).as("no scheduled fire time decided twice").doesNotHaveDuplicates();
        for (int i = 1; i < scheduled.size(); i++) {
            assertThat(scheduled.get(i) - scheduled.get(i - 1))
                    .as("fire %d follows fire %d by one interval (none lost); all: %s", i, i - 1, scheduled)
                    .isEqualTo(INTERVAL.toMillis());
        }
        assertThat(rows("SELECT decision FROM guard_decision WHERE job_name = 'once-only'"))
                .as("the one-shot decided once").containsExactly("ALLOW");
        assertThat(count("job_outcome WHERE job_name = 'once-only' AND success")).isEqualTo(1);
        assertThat(rows("SELECT node_id, MIN(seq), MAX(seq), COUNT(*), COUNT(DISTINCT seq) FROM guard_decision"
                + " GROUP BY node_id ORDER BY node_id"))
                .as("per node id, seq is 1..N across its runs").hasSize(3)
                .allSatisfy(r -> {
                    String[] c = r.split("\\|");
                    assertThat(c[1]).as(r).isEqualTo("1");
                    assertThat(c[2]).as(r).isEqualTo(c[3]).isEqualTo(c[4]);
                });
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(SERVER + database);
        ds.setUser("postgres");
        // the count check: the fires the job saw, plus the one-shot's, each decided once; each admitted one has an outcome
        FireCounts.assertConsistent(ds, null, scheduled.size() + 1);
    }

    private void start(String n) throws IOException {
        int run = runs.merge(n, 1, Integer::sum);
        Path dir = Files.createDirectories(tmp.resolve(n));
        String d = dir.toAbsolutePath().toString().replace('\\', '/');
        Path config = dir.resolve("guard.yaml");
        Files.writeString(config, "node:\n  id: " + n + "\n"
                + "database:\n  url: " + SERVER + database + "\n  user: postgres\n"
                + "dashboard:\n  port: 0\n"
                + "metrics:\n  port: 0\n"
                + "quartz:\n  threadCount: 2\n"
                + "sampling:\n  dataDir: " + d + "/data\n  diskPaths: [" + d + "]\n"
                + "audit:\n  spoolDir: " + d + "/spool\n"
                + "jobs:\n"
                + "  - name: tick\n"
                + "    class: ai.ringrift.cli.testjobs.TickJob\n"
                + "    interval: " + INTERVAL.toSeconds() + "s\n"
                + "    priority: HIGH\n"
                + "  - name: once-only\n"
                + "    class: ai.ringrift.cli.testjobs.ProbeJob\n"
                + "    once: true\n"
                + "    priority: HIGH\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        nodes.put(n, new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-Dringrift.test.readings=" + readings, "-cp", System.getProperty("java.class.path"),
                FileReadingsDaemon.class.getName(), "run", "--config", config.toString()))
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("out-" + run + ".log").toFile())
                .redirectError(dir.resolve("err-" + run + ".log").toFile())
                .start());
    }

    /** The node's current run printed that it runs (its scheduler started). */
    private void awaitRunning(String n) throws IOException {
        Path out = tmp.resolve(n).resolve("out-" + runs.get(n) + ".log");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> !nodes.get(n).isAlive() || Files.readString(out).contains("running; stop with"));
        assertThat(nodes.get(n).isAlive()).as("%s run %d started; stderr:\n%s", n, runs.get(n), err(n)).isTrue();
    }

    private String err(String n) throws IOException {
        return Files.readString(tmp.resolve(n).resolve("err-" + runs.get(n) + ".log"));
    }

    private long count(String from) throws SQLException {
        return Long.parseLong(rows("SELECT COUNT(*) FROM " + from).get(0));
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
