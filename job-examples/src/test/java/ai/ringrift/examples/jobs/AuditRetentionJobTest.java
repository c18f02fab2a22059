package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRetentionJobTest {

    @Test
    void deletesOnlyRowsOlderThanTheRetention(@TempDir Path dir) throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("a")));
             JobHarness harness = new JobHarness()) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (Connection c = db.dataSource().getConnection()) {
                int seq = 0;
                for (OffsetDateTime at : new OffsetDateTime[] {now.minusDays(40), now.minusDays(31), now.minusDays(2)}) {
                    seq++;
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO guard_decision (node_id, seq,"
                            + " decided_at, job_group, job_name, priority, decision, reason_code, reason, level)"
                            + " VALUES ('n1', ?, ?, 'g', 'selfplay', 'NORMAL', 'ALLOW', 'LEVEL', 'ok', 0)")) {
                        ps.setInt(1, seq);
                        ps.setObject(2, at);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_outcome (node_id, decision_seq,"
                            + " job_group, job_name, started_at, finished_at, duration_ms, success)"
                            + " VALUES ('n1', ?, 'g', 'selfplay', ?, ?, 5, TRUE)")) {
                        ps.setInt(1, seq);
                        ps.setObject(2, at);
                        ps.setObject(3, at);
                        ps.executeUpdate();
                    }
                }
            }
            harness.putContext(GuardKeys.DATABASE, db);
            String result = harness.run(AuditRetentionJob.class, Map.of("keep_days", "30")).resultOrFail();
            assertThat(result).startsWith("deleted 2 decisions and 2 outcomes older than 30 days");
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM guard_decision),"
                         + " (SELECT COUNT(*) FROM job_outcome)")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
        }
    }
}
