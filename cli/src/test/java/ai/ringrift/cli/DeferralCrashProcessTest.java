package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

    /** H2's lock-file granularity (2 s, {@code FileLock.TIME_GRANULARITY}) and a margin. */
    static final Duration H2_LOCK_AGE = Duration.ofMillis(2500);

    @TempDir
    Path tmp;

    private Process daemon;

    @AfterEach
    void stop() throws InterruptedException {
        if (daemon != null) {
            daemon.destroyForcibly();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDeferralPendingAtKillNineRunsOnceAfterTheRestart() throws Exception {
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

        daemon = start(f, readings, "first");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> !daemon.isAlive() || running("first")
                        && count(f, "guard_deferral WHERE job_name = 'deferred-once'") == 1);
        assertThat(daemon.isAlive()).as("first daemon runs; stderr:\n%s", log("first")).isTrue();
        daemon.destroyForcibly(); // SIGKILL while the deferral is pending
        daemon.waitFor(30, TimeUnit.SECONDS);
        assertThat(marks("started-")).as("the deferred job did not run before the kill").isEmpty();

        Files.writeString(readings, "cpu=20\nmemory=30\ndisk=40\n"); // the pressure is gone
        // H2 refuses to open a file whose lock file changed in the last 2 s ("Lock file recently
        // modified"): restart once the dead daemon's lock file is older, as a supervisor's delay would
        Path lock = tmp.resolve("db").resolve("ringrift.lock.db");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !Files.exists(lock)
                || Files.getLastModifiedTime(lock).toInstant().isBefore(java.time.Instant.now().minus(H2_LOCK_AGE)));
        daemon = start(f, readings, "second");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> !daemon.isAlive() || running("second")
                        && count(f, "job_outcome WHERE job_name = 'deferred-once'") == 1
                        && count(f, "guard_deferral") == 0);
        assertThat(daemon.isAlive()).as("second daemon runs; stderr:\n%s", log("second")).isTrue();
        daemon.destroy(); // SIGTERM
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(marks("started-")).as("the job ran once").hasSize(1);
        assertThat(marks("finished-")).as("and to completion").hasSize(1);
        List<String> rows = rows(f, "SELECT d.decision, o.success FROM guard_decision d LEFT JOIN job_outcome o"
                + " ON o.node_id = d.node_id AND o.decision_seq = d.seq WHERE d.job_name = 'deferred-once'"
                + " ORDER BY d.seq");
        System.out.println("DeferralCrashProcessTest: decisions of deferred-once (decision, decided_at, defer_until) "
                + rows(f, "SELECT decision, decided_at, defer_until FROM guard_decision WHERE job_name = 'deferred-once'"
                + " ORDER BY seq"));
        assertThat(rows).as("DEFERs before the kill, then one ALLOW that succeeded").last().isEqualTo("ALLOW|TRUE");
        assertThat(rows.subList(0, rows.size() - 1)).isNotEmpty().allMatch(r -> r.equals("DEFER|null"));
        assertThat(count(f, "job_outcome WHERE job_name = 'deferred-once'")).as("one outcome row").isEqualTo(1);
        assertThat(count(f, "guard_deferral")).as("nothing left pending").isZero();
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(url());
        ds.setUser("sa");
        // the count check: Quartz's one fire plus one re-fire per DEFER, each decided once; the ALLOW has its outcome
        FireCounts.assertConsistent(ds, null, rows.size());
    }

    private Process start(CliFixture f, Path readings, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Dringrift.test.readings=" + readings,
                "-cp", System.getProperty("java.class.path"), FileReadingsDaemon.class.getName(),
                "run", "--config", f.config.toString()))
                .directory(tmp.toFile())
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile())
                .start();
    }

    /** The daemon has opened the database and started (its H2 file is served to other processes). */
    private boolean running(String name) throws IOException {
        return Files.readString(tmp.resolve(name + ".out")).contains("running; stop with");
    }

    private String log(String name) throws IOException {
        return Files.readString(tmp.resolve(name + ".err"));
    }

    private List<String> marks(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("marks"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    /** Rows counted; -1 while the daemon is between opening the H2 file and serving it. */
    private long count(CliFixture f, String from) throws SQLException {
        List<String> r = rows(f, "SELECT COUNT(*) FROM " + from);
        return r.isEmpty() ? -1 : Long.parseLong(r.get(0));
    }

    private String url() {
        return "jdbc:h2:file:" + tmp.toAbsolutePath().toString().replace('\\', '/') + "/db/ringrift;AUTO_SERVER=TRUE";
    }

    /** Rows as {@code a|b}, read through H2's AUTO_SERVER while the daemon holds the file. */
    private List<String> rows(CliFixture f, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(), "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        } catch (SQLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("already in use") || m.contains("recently modified") || m.contains("not found")) {
                return List.of(); // the daemon is between opening the file and serving it, or has not made the table
            }
            throw e;
        }
        return out;
    }
}
