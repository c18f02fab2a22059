package ai.ringrift.db.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.testsupport.Ci;
import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.Vendor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same write, query and retention path on PostgreSQL, in a schema of its own that the test drops. */
class AuditPostgresTest {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    Path tmp;

    @Test
    void recordQueryAndRetainOnPostgres() throws Exception {
        String schema = "audit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connectOrSkip()) {
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            try (Database db = Database.openAndMigrate(new DatabaseSettings(SERVER + "?currentSchema=" + schema,
                    "postgres", "", 4))) {
                assertThat(db.vendor()).isEqualTo(Vendor.POSTGRESQL);
                Instant now = Instant.now();
                try (AuditLog log = new AuditLog(db.dataSource(), AuditLogSettings.defaults(tmp).withNodeId("pg-node"))) {
                    assertThat(log.record(AuditRows.decision("selfplay-1", "ALLOW", "NORMAL", now.minusSeconds(60))))
                            .isEqualTo(1);
                    assertThat(log.record(AuditRows.decision("selfplay_2", "VETO", "LOW", now.minusSeconds(30))))
                            .isEqualTo(2);
                    assertThat(log.record(AuditRows.decision("train", "DEFER", "HIGH", now.minus(Duration.ofDays(40)))))
                            .isEqualTo(3);
                    log.recordOutcome(OutcomeRow.of(3, "DEFAULT", "train", now, now, true, null, null, null));
                    // an EVICT row (level 4 interrupted a running fire) and its fire's INTERRUPTED outcome
                    assertThat(log.record(AuditRows.decision("selfplay-1", "EVICT", "NORMAL", now.minusSeconds(50))))
                            .isEqualTo(4);
                    log.recordOutcome(OutcomeRow.of(1, "DEFAULT", "selfplay-1", now, now, false, "INTERRUPTED",
                            "interrupted by the guard at level 4 (EVICT decision pg-node/4)", "kept 5 games"));
                    assertThat(log.spooledRows()).isZero();
                }
                AuditQuery q = new AuditQuery(db.dataSource());
                Instant hourAgo = AuditFormat.parseSince("1h", now);
                assertThat(q.find(AuditFilter.builder().since(hourAgo).build()).rows())
                        .extracting(DecisionRow::seq).containsExactly(2L, 4L, 1L);
                assertThat(q.find(AuditFilter.builder().decisions(List.of("EVICT")).build()).rows())
                        .extracting(DecisionRow::seq).containsExactly(4L);
                assertThat(q.find(AuditFilter.builder().jobNamePrefix("selfplay_").build()).rows())
                        .extracting(DecisionRow::jobName).containsExactly("selfplay_2");
                assertThat(q.find(AuditFilter.builder().jobName("x' OR '1'='1").build()).rows()).isEmpty();
                Page first = q.find(AuditFilter.builder().limit(1).build());
                Page second = q.find(AuditFilter.builder().limit(1).after(first.next()).build());
                assertThat(List.of(first.rows().get(0).seq(), second.rows().get(0).seq())).containsExactly(2L, 4L);
                assertThat(q.summary(hourAgo, now.plusSeconds(1)).count("VETO", "LOW")).isEqualTo(1);
                assertThat(new AuditRetention(db.dataSource()).deleteOlderThan(now.minus(Duration.ofDays(30))))
                        .isEqualTo(2);
                assertThat(q.find(AuditFilter.builder().build()).rows()).hasSize(3);
            } finally {
                try (Statement s = admin.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static Connection connectOrSkip() {
        try {
            return DriverManager.getConnection(SERVER, "postgres", "");
        } catch (SQLException e) {
            boolean ci = Ci.active();
            if (!ci) {
                System.out.println("AuditPostgresTest skipped: no PostgreSQL at " + SERVER + " (" + e.getMessage()
                        + "); run scripts/ensure-postgres.sh");
            }
            Assumptions.assumeTrue(ci, "no PostgreSQL at " + SERVER + ": " + e.getMessage());
            throw new IllegalStateException("CI is set but PostgreSQL does not answer at " + SERVER, e);
        }
    }
}
