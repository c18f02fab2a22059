package ai.ringrift.db.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes exactly the decisions older than the cutoff and their outcomes, in several batches. */
class AuditRetentionTest {

    @TempDir
    Path tmp;

    @Test
    void deletesExactlyTheOldRowsAndTheirOutcomes() throws Exception {
        Instant now = Instant.parse("2026-03-10T00:00:00Z");
        Instant cutoff = now.minus(Duration.ofDays(30));
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")))) {
            List<Long> keptSeqs = new ArrayList<>();
            try (AuditLog log = new AuditLog(db.dataSource(), AuditLogSettings.defaults(tmp.resolve("spool"))
                    .withNodeId("n"))) {
                for (int i = 0; i < 25; i++) {
                    // ages 45d, 43d, ... in steps of 2d; the 8th (31d + 1d) is exactly at the cutoff and stays
                    Instant at = now.minus(Duration.ofDays(45 - 2L * i)).plus(Duration.ofDays(i == 7 ? 1 : 0));
                    long seq = log.record(AuditRows.decision("job", "ALLOW", "NORMAL", at));
                    // an outcome that finished after the cutoff still goes with its old decision
                    log.recordOutcome(OutcomeRow.of(seq, "DEFAULT", "job", at, at.plus(Duration.ofDays(3)), true,
                            null, null, null));
                    if (!at.isBefore(cutoff)) {
                        keptSeqs.add(seq);
                    }
                }
            }
            assertThat(keptSeqs).hasSize(18); // 7 older than 30 days
            int deleted = new AuditRetention(db.dataSource(), 3).deleteOlderThan(cutoff);
            assertThat(deleted).isEqualTo(7 + 7);
            assertThat(seqs(db, "SELECT seq FROM guard_decision ORDER BY seq")).isEqualTo(keptSeqs);
            assertThat(seqs(db, "SELECT decision_seq FROM job_outcome ORDER BY decision_seq")).isEqualTo(keptSeqs);
            assertThat(new AuditRetention(db.dataSource()).deleteOlderThan(cutoff)).isZero();
        }
    }

    private static List<Long> seqs(Database db, String sql) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
