package ai.ringrift.cli;

import static org.awaitility.Awaitility.await;

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
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A single-node {@code ringrift run} in a separate JVM on the embedded H2 file under {@code dir},
 * its readings from a properties file ({@link FileReadingsDaemon}), for the kill -9 tests: starts
 * the daemon, reads its audit tables through H2's AUTO_SERVER while it runs, lists the
 * {@code MarkerJob} markers in {@code dir/marks}, and waits for a dead daemon's lock file to age.
 */
final class SingleNodeH2Daemon {

    /** H2's lock-file granularity (2 s, {@code FileLock.TIME_GRANULARITY}) and a margin. */
    static final Duration H2_LOCK_AGE = Duration.ofMillis(2500);

    private final Path dir;

    SingleNodeH2Daemon(Path dir) {
        this.dir = dir;
    }

    /** Starts {@code ringrift run} with readings from {@code readings}; output goes to {@code dir/NAME.out}, {@code .err}. */
    Process start(CliFixture f, Path readings, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Dringrift.test.readings=" + readings,
                "-cp", System.getProperty("java.class.path"), FileReadingsDaemon.class.getName(),
                "run", "--config", f.config.toString()))
                .directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }

    /** The daemon has opened the database and started (its H2 file is served to other processes). */
    boolean running(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".out")).contains("running; stop with");
    }

    String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".err"));
    }

    /** The marker files in {@code dir/marks} whose names start with {@code prefix}, sorted. */
    List<String> marks(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("marks"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    /**
     * H2 refuses to open a file whose lock file changed in the last 2 s ("Lock file recently
     * modified"): waits until the dead daemon's lock file is older, as a supervisor's delay would.
     */
    void awaitLockFileAged() {
        Path lock = dir.resolve("db").resolve("ringrift.lock.db");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !Files.exists(lock)
                || Files.getLastModifiedTime(lock).toInstant().isBefore(Instant.now().minus(H2_LOCK_AGE)));
    }

    /** Rows counted; -1 while the daemon is between opening the H2 file and serving it. */
    long count(String from) throws SQLException {
        List<String> r = rows("SELECT COUNT(*) FROM " + from);
        return r.isEmpty() ? -1 : Long.parseLong(r.get(0));
    }

    String url() {
        return "jdbc:h2:file:" + dir.toAbsolutePath().toString().replace('\\', '/') + "/db/ringrift;AUTO_SERVER=TRUE";
    }

    DataSource dataSource() {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(url());
        ds.setUser("sa");
        return ds;
    }

    /** Rows as {@code a|b}, read through H2's AUTO_SERVER while the daemon holds the file. */
    List<String> rows(String sql) throws SQLException {
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
