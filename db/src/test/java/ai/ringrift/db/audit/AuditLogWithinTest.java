package ai.ringrift.db.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AuditLog#recordWithin}: a decision written inside a transaction someone else commits (the
 * job store's) on an embedded H2 file: durable exactly when that transaction commits, numbered from
 * the same sequence as {@link AuditLog#record} without repeats, and a failed insert leaves the
 * caller's transaction usable.
 */
class AuditLogWithinTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    @TempDir
    Path tmp;
    private Database db;
    private AuditLog log;

    @BeforeEach
    void open() {
        db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")));
        log = new AuditLog(db.dataSource(), AuditLogSettings.defaults(tmp.resolve("spool")).withNodeId("n1"));
    }

    @AfterEach
    void close() {
        log.close();
        db.close();
    }

    @Test
    void theRowCommitsWithTheCallersTransactionAndContinuesTheSequence() throws Exception {
        assertThat(log.record(AuditRows.decision("a", "ALLOW", "LOW", AT))).isEqualTo(1);
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            long seq = log.recordWithin(c, AuditRows.decision("b", "ALLOW", "LOW", AT));
            assertThat(seq).isEqualTo(2);
            assertThat(seqs()).as("not visible before the caller commits").containsExactly(1L);
            c.commit();
        }
        assertThat(seqs()).containsExactly(1L, 2L);
        assertThat(new AuditQuery(db.dataSource()).find(AuditFilter.builder().build()).rows().get(0).jobName())
                .isEqualTo("b");
        assertThat(log.record(AuditRows.decision("c", "ALLOW", "LOW", AT))).isEqualTo(3);
    }

    @Test
    void aRolledBackTransactionLeavesAGapNotARepeat() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(log.recordWithin(c, AuditRows.decision("b", "ALLOW", "LOW", AT))).isEqualTo(1);
            c.rollback();
        }
        assertThat(log.record(AuditRows.decision("c", "ALLOW", "LOW", AT))).isEqualTo(2);
        assertThat(seqs()).containsExactly(2L);
    }

    @Test
    void aFailedInsertLeavesTheCallersTransactionUsable() throws Exception {
        // another writer took the next number (a second process with the same node id)
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO guard_decision (node_id, seq, decided_at, job_group, job_name, priority,"
                    + " decision, reason_code, reason, level, config_hash) VALUES ('n1', 1, CURRENT_TIMESTAMP,"
                    + " 'DEFAULT', 'other', 'LOW', 'ALLOW', 'OK', 'x', 0, 'h')");
        }
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS probe (id INT)");
                st.executeUpdate("INSERT INTO probe VALUES (7)");
            }
            assertThat(log.recordWithin(c, AuditRows.decision("b", "ALLOW", "LOW", AT))).isZero();
            c.commit();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM probe")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the caller's own statement survived").isEqualTo(7);
            }
        }
        // the ordinary way moves on past the taken number
        assertThat(log.record(AuditRows.decision("c", "ALLOW", "LOW", AT))).isEqualTo(2);
    }

    @Test
    void numbersFromBothWaysNeverRepeat() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            futures.add(pool.submit(() -> {
                List<Long> got = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    got.add(log.record(AuditRows.decision("ordinary", "ALLOW", "LOW", AT)));
                }
                return got;
            }));
        }
        futures.add(pool.submit(() -> {
            List<Long> got = new ArrayList<>();
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                for (int i = 0; i < 100; i++) {
                    long seq = log.recordWithin(c, AuditRows.decision("within", "ALLOW", "LOW", AT));
                    assertThat(seq).isPositive();
                    got.add(seq);
                    c.commit();
                }
            }
            return got;
        }));
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(all).doesNotHaveDuplicates().hasSize(400);
        assertThat(seqs()).hasSize(400).containsExactlyElementsOf(all.stream().sorted().toList());
        assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow()).as("no gaps").isEqualTo(400);
    }

    @Test
    void aLogThatHasNotReachedItsDatabaseWritesNothingInTheTransaction() throws Exception {
        javax.sql.DataSource down = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    throw new SQLException("database down", "08001");
                });
        try (AuditLog cut = new AuditLog(down, AuditLogSettings.defaults(tmp.resolve("spool2")).withNodeId("n2"));
             Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(cut.recordWithin(c, AuditRows.decision("b", "ALLOW", "LOW", AT))).isZero();
            c.commit();
        }
        assertThat(seqs()).isEmpty();
    }

    private List<Long> seqs() throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq FROM guard_decision WHERE node_id = 'n1' ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
