package ai.ringrift.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default H2 file is opened with AUTO_SERVER=TRUE, so a second Database (in this JVM or in
 * another process: the CLI reading while the daemon runs) works while the first is open.
 */
class H2SharedFileTest {

    @TempDir
    Path dir;

    @Test
    void defaultUrlIsAnAutoServerFileUnderData() {
        assertThat(DatabaseSettings.defaults().url()).isEqualTo("jdbc:h2:file:./data/ringrift;AUTO_SERVER=TRUE");
        assertThat(DatabaseSettings.h2File(dir.resolve("x")).url())
                .isEqualTo("jdbc:h2:file:" + dir.resolve("x").toAbsolutePath() + ";AUTO_SERVER=TRUE");
    }

    @Test
    void secondDatabaseInThisJvmWorksWhileTheFirstIsOpen() throws SQLException {
        DatabaseSettings settings = DatabaseSettings.h2File(dir.resolve("shared"));
        try (Database daemon = Database.openAndMigrate(settings);
             Database cli = Database.open(settings)) {
            exec(daemon, "CREATE TABLE shared_probe (k VARCHAR(20) PRIMARY KEY, v VARCHAR(100))");
            exec(daemon, "INSERT INTO shared_probe VALUES ('daemon', 'hello')");
            assertThat(value(cli, "daemon")).isEqualTo("hello");
            assertThat(cli.migrate()).isZero();
        }
    }

    @Test
    void anotherProcessReadsAndWritesWhileThisOneHoldsTheFile() throws Exception {
        DatabaseSettings settings = DatabaseSettings.h2File(dir.resolve("shared"));
        try (Database daemon = Database.openAndMigrate(settings)) {
            exec(daemon, "CREATE TABLE shared_probe (k VARCHAR(20) PRIMARY KEY, v VARCHAR(100))");
            exec(daemon, "INSERT INTO shared_probe VALUES ('daemon', 'written by the daemon')");

            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath, H2SharedFileMain.class.getName(), settings.url()))
                    .redirectErrorStream(true).start();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("second process finished").isTrue();
            String out = output(child);
            assertThat(child.exitValue()).as(out).isZero();
            assertThat(out).contains("read written by the daemon");
            assertThat(value(daemon, "cli")).isEqualTo("written by the second process");
        }
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void exec(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String value(Database db, String key) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM shared_probe WHERE k = '" + key + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
