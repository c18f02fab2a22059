package ai.ringrift.db.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Committed before it acts" across {@code kill -9} on the embedded H2 file: a real process commits
 * audit rows (acknowledged, not spooled) and is killed the moment it says so; every acknowledged
 * row is in the file afterwards. H2's default {@code WRITE_DELAY} (500 ms) lost them.
 */
class H2CrashDurabilityTest {

    private static final int ROWS = 50;

    @TempDir
    Path tmp;

    @Test
    void rowsCommittedBeforeKillNineAreInTheFileAfterwards() throws Exception {
        Path file = tmp.resolve("db").resolve("ringrift");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CommittingChild.class.getName(), file.toString(), tmp.resolve("spool").toString(),
                Integer.toString(ROWS)).redirectErrorStream(true).start();
        String line;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            while ((line = out.readLine()) != null && !line.startsWith("COMMITTED")) {
                // skip log lines
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(line).isEqualTo("COMMITTED " + ROWS + " spooled=0");
        Files.deleteIfExists(tmp.resolve("spool").resolve("audit-crash.spool.jsonl"));
        try (Database db = Database.open(DatabaseSettings.h2File(file));
                Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(seq) FROM guard_decision WHERE node_id = 'crash'")) {
            rs.next();
            assertThat(List.of(rs.getLong(1), rs.getLong(2))).as("rows acknowledged before kill -9")
                    .containsExactly((long) ROWS, (long) ROWS);
        }
    }
}
