package ai.ringrift.db.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Inserts audit rows in one transaction per call. With {@code skipExisting} (replay), rows whose
 * key ((node_id, seq) or (node_id, decision_seq)) is already stored are left out, so a replay is
 * idempotent. Each node writes only its own keys, so the check-then-insert does not race.
 */
final class AuditWriter {

    private static final int QUERY_TIMEOUT_S = 30;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuditWriter.class);

    private final DataSource dataSource;

    AuditWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts and commits; returns the number of rows inserted. */
    int insert(List<DecisionRow> decisions, List<OutcomeRow> outcomes, boolean skipExisting) throws SQLException {
        if (decisions.isEmpty() && outcomes.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            try {
                return insert(c, decisions, outcomes, skipExisting);
            } catch (SQLException | RuntimeException e) {
                evictUnlessDataError(c, e);
                throw e;
            }
        }
    }

    private static int insert(Connection c, List<DecisionRow> decisions, List<OutcomeRow> outcomes,
            boolean skipExisting) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<DecisionRow> ds = skipExisting ? newDecisions(c, decisions) : decisions;
            List<OutcomeRow> os = skipExisting ? newOutcomes(c, outcomes) : outcomes;
            if (!ds.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(AuditColumns.INSERT_DECISION)) {
                    ps.setQueryTimeout(QUERY_TIMEOUT_S);
                    for (DecisionRow r : ds) {
                        AuditColumns.bindDecision(ps, r);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (!os.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(AuditColumns.INSERT_OUTCOME)) {
                    ps.setQueryTimeout(QUERY_TIMEOUT_S);
                    for (OutcomeRow r : os) {
                        AuditColumns.bindOutcome(ps, r);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
            c.setAutoCommit(auto);
            return ds.size() + os.size();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
                c.setAutoCommit(auto);
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Inserts one decision on {@code c}, inside the caller's transaction (no commit), unless the
     * row's job has a pending deferral; false when it does or the insert failed. PostgreSQL: one
     * statement (a failure there is the connection's, thrown); elsewhere the check and the insert
     * run under a savepoint, and a failure rolls the transaction back to where it was.
     */
    static boolean insertWithinUnlessDeferred(Connection c, DecisionRow row) {
        if (isPostgres(c)) {
            // one round trip inside the caller's (lock-holding) transaction, and nothing in it can fail but the connection
            try (PreparedStatement ps = c.prepareStatement(AuditColumns.INSERT_DECISION_UNLESS_DEFERRED_PG)) {
                ps.setQueryTimeout(QUERY_TIMEOUT_S);
                AuditColumns.bindDecision(ps, row);
                ps.setString(27, row.jobGroup());
                ps.setString(28, row.jobName());
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new IllegalStateException("audit row " + row.seq() + " in the job store's transaction: " + e, e);
            }
        }
        java.sql.Savepoint savepoint;
        try {
            savepoint = c.setSavepoint();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("audit log: cannot write decision {} inside the job store's transaction (no savepoint: {});"
                    + " it is written on its own", row.seq(), e.toString());
            return false;
        }
        try {
            if (ai.ringrift.db.deferral.DeferralStore.pendingOn(c, row.jobGroup(), row.jobName())) {
                return false; // nothing written under the savepoint: the transaction is as it was
            }
            try (PreparedStatement ps = c.prepareStatement(AuditColumns.INSERT_DECISION)) {
                ps.setQueryTimeout(QUERY_TIMEOUT_S);
                AuditColumns.bindDecision(ps, row);
                ps.executeUpdate();
                return true;
            }
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback(savepoint);
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            LOG.warn("audit log: cannot write decision {} inside the job store's transaction ({}); it is written"
                    + " on its own", row.seq(), e.toString());
            return false;
        }
    }

    private static boolean isPostgres(Connection c) {
        try {
            return c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
        } catch (SQLException e) {
            return false;
        }
    }

    /** The highest seq stored for {@code nodeId}, 0 when none. */
    long maxSeq(String nodeId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM guard_decision WHERE node_id = ?")) {
                ps.setQueryTimeout(QUERY_TIMEOUT_S);
                ps.setString(1, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException | RuntimeException e) {
                evictUnlessDataError(c, e);
                throw e;
            }
        }
    }

    /** True for a constraint violation (SQLState class 23): the database answered, the rows conflict. */
    static boolean isConstraintViolation(Throwable e) {
        return e instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23");
    }

    /**
     * Drops a pooled connection after a failure that may have broken it. Pools keep connections
     * whose error code they do not know as fatal (H2's "database is already closed" after a server
     * restart), and would hand the dead connection out again and again.
     */
    private void evictUnlessDataError(Connection c, Throwable e) {
        if (isConstraintViolation(e)) {
            return;
        }
        try {
            if (dataSource instanceof HikariDataSource h) {
                h.evictConnection(c);
            } else if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(c);
            }
        } catch (SQLException | RuntimeException ignored) {
            // best effort
        }
    }

    private static List<DecisionRow> newDecisions(Connection c, List<DecisionRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Set<String> have = existing(c, "SELECT node_id, seq FROM guard_decision WHERE node_id = ? AND seq BETWEEN ? AND ?",
                rows.stream().map(DecisionRow::nodeId).distinct().toList(),
                rows.stream().mapToLong(DecisionRow::seq).min().orElse(0),
                rows.stream().mapToLong(DecisionRow::seq).max().orElse(0));
        List<DecisionRow> out = new ArrayList<>();
        for (DecisionRow r : rows) {
            if (have.add(r.nodeId() + '\n' + r.seq())) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<OutcomeRow> newOutcomes(Connection c, List<OutcomeRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Set<String> have = existing(c,
                "SELECT node_id, decision_seq FROM job_outcome WHERE node_id = ? AND decision_seq BETWEEN ? AND ?",
                rows.stream().map(OutcomeRow::nodeId).distinct().toList(),
                rows.stream().mapToLong(OutcomeRow::decisionSeq).min().orElse(0),
                rows.stream().mapToLong(OutcomeRow::decisionSeq).max().orElse(0));
        List<OutcomeRow> out = new ArrayList<>();
        for (OutcomeRow r : rows) {
            if (have.add(r.nodeId() + '\n' + r.decisionSeq())) {
                out.add(r);
            }
        }
        return out;
    }

    private static Set<String> existing(Connection c, String sql, List<String> nodes, long min, long max)
            throws SQLException {
        Set<String> keys = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_S);
            for (String node : nodes) {
                ps.setString(1, node);
                ps.setLong(2, min);
                ps.setLong(3, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1) + '\n' + rs.getLong(2));
                    }
                }
            }
        }
        return keys;
    }
}
