package ai.ringrift.db.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing on an embedded H2 file: numbering, round trip of every column, outcomes, restarts, bad input. */
class AuditLogTest {

    @TempDir
    Path tmp;

    @Test
    void rowsRoundTripWithContiguousSeqsAcrossRestarts() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123456789Z");
        DecisionRow row = AuditRows.decision("selfplay", "DEFER", "LOW", at);
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")))) {
            AuditLogSettings settings = AuditLogSettings.defaults(tmp.resolve("spool")).withNodeId("n1");
            try (AuditLog log = new AuditLog(db.dataSource(), settings)) {
                assertThat(log.record(row)).isEqualTo(1);
                assertThat(log.record(row)).isEqualTo(2);
                log.recordOutcome(OutcomeRow.of(2, "DEFAULT", "selfplay", at, at.plusSeconds(90), true, null, null,
                        "games=1000"));
                assertThat(log.databaseReachable()).isTrue();
                assertThat(log.spooledRows()).isZero();
            }
            // a new spool folder: numbering continues from the table
            try (AuditLog log = new AuditLog(db.dataSource(), settings.withNodeId("n1")
                    .withBatch(1, Duration.ZERO))) {
                assertThat(log.record(row)).isEqualTo(3);
            }
            List<DecisionRow> rows = new AuditQuery(db.dataSource()).find(AuditFilter.builder().build()).rows();
            assertThat(rows).extracting(DecisionRow::seq).containsExactly(3L, 2L, 1L);
            assertThat(rows.get(0)).isEqualTo(row.withNodeAndSeq("n1", 3));
            assertThat(rows.get(0).decidedAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
            assertThat(rows.get(0).gpuUsedPct()).isNull();
            assertThat(rows.get(0).deferUntil()).isEqualTo(rows.get(0).decidedAt().plusSeconds(300));
            OutcomeRow out = new AuditQuery(db.dataSource()).outcome("n1", 2);
            assertThat(out.durationMs()).isEqualTo(90_000);
            assertThat(out.success()).isTrue();
            assertThat(out.detail()).isEqualTo("games=1000");
        }
    }

    @Test
    void submittedOutcomesAreStoredAndCloseStoresTheOnesStillQueued() throws Exception {
        Instant at = Instant.parse("2026-03-01T10:15:30Z");
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")))) {
            AuditLogSettings settings = AuditLogSettings.defaults(tmp.resolve("spool")).withNodeId("n1");
            java.util.concurrent.CompletableFuture<Long> first;
            try (AuditLog log = new AuditLog(db.dataSource(), settings)) {
                long seq = log.record(AuditRows.decision("selfplay", "ALLOW", "LOW", at));
                first = log.submitOutcome(OutcomeRow.of(seq, "DEFAULT", "selfplay", at, at.plusSeconds(5), true,
                        null, null, null));
                assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(seq);
                assertThat(new AuditQuery(db.dataSource()).outcome("n1", seq).durationMs()).isEqualTo(5_000);
                for (int i = 0; i < 50; i++) {
                    long s2 = log.record(AuditRows.decision("selfplay", "ALLOW", "LOW", at));
                    log.submitOutcome(OutcomeRow.of(s2, "DEFAULT", "selfplay", at, at.plusSeconds(1), false,
                            "java.lang.IllegalStateException", "boom", null));
                }
            }
            // close waited for every queued outcome
            for (long seq = 2; seq <= 51; seq++) {
                assertThat(new AuditQuery(db.dataSource()).outcome("n1", seq)).as("outcome of seq " + seq).isNotNull();
            }
            try (AuditLog closed = new AuditLog(db.dataSource(), settings)) {
                closed.close();
                assertThatThrownBy(() -> closed.submitOutcome(OutcomeRow.of(1, "DEFAULT", "selfplay", at, at, true,
                        null, null, null))).isInstanceOf(AuditException.class).hasMessageContaining("closed");
            }
        }
    }

    @Test
    void badRowsFailWithTheFieldName() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> AuditRows.decision("j", "MAYBE", "LOW", now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DecisionRow.decision 'MAYBE' is not one of");
        assertThatThrownBy(() -> AuditRows.decision(null, "ALLOW", "LOW", now))
                .hasMessageContaining("DecisionRow.jobName must not be null");
        assertThatThrownBy(() -> AuditRows.decision("j".repeat(201), "ALLOW", "LOW", now))
                .hasMessageContaining("DecisionRow.jobName is 201 characters");
        assertThatThrownBy(() -> OutcomeRow.of(0, "g", "j", now, now, true, null, null, null))
                .hasMessageContaining("OutcomeRow.decisionSeq");
        DecisionRow longReason = AuditRows.decision("j", "ALLOW", "LOW", now).toBuilder().reason("r".repeat(5000)).build();
        assertThat(longReason.reason()).hasSize(1000);
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")));
                AuditLog log = new AuditLog(db.dataSource(), AuditLogSettings.defaults(tmp.resolve("spool")))) {
            assertThatThrownBy(() -> log.record(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("AuditLog.record(row) must not be null");
            assertThat(log.nodeId()).isEqualTo(AuditLogSettings.hostName());
            log.close();
            assertThatThrownBy(() -> log.record(longReason)).isInstanceOf(AuditException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> AuditLogSettings.defaults(tmp).withBatch(0, Duration.ofMillis(5)))
                .hasMessageContaining("audit.batchMaxRows must be 1..10000");
        assertThatThrownBy(() -> AuditLogSettings.defaults(tmp).withReplayInterval(Duration.ZERO))
                .hasMessageContaining("audit.replayInterval");
        assertThatThrownBy(() -> AuditLogSettings.defaults(null)).hasMessageContaining("audit.spoolDir");
    }
}
