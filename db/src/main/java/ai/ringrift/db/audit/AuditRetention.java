package ai.ringrift.db.audit;

import ai.ringrift.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Deletes audit rows older than a cutoff: decisions decided before it together with their
 * outcomes, then any outcome finished before it, {@value #BATCH} decisions per transaction so no
 * lock is held long.
 */
public final class AuditRetention {

    /** Rows per transaction. */
    public static final int BATCH = 10_000;

    private final DataSource dataSource;
    private final int batch;

    public AuditRetention(DataSource dataSource) {
        this(dataSource, BATCH);
    }

    AuditRetention(DataSource dataSource, int batch) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.batch = batch;
    }

    /** Deletes decisions (and their outcomes) older than {@code cutoff}; returns the rows deleted. */
    public int deleteOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        int deleted = 0;
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int n;
                do {
                    n = deleteDecisionBatch(c, cutoff);
                    c.commit();
                    deleted += n;
                } while (n > 0);
                do {
                    n = deleteOutcomeBatch(c, cutoff);
                    c.commit();
                    deleted += n;
                } while (n > 0);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new DatabaseException("audit retention failed after deleting " + deleted + " rows: "
                    + e.getMessage() + ": check that the database is reachable; the next run continues", e);
        }
        return deleted;
    }

    private record Key(long id, String nodeId, long seq) {
    }

    private int deleteDecisionBatch(Connection c, Instant cutoff) throws SQLException {
        List<Key> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, node_id, seq FROM guard_decision WHERE decided_at < ? FETCH FIRST ? ROWS ONLY")) {
            AuditColumns.setInstant(ps, 1, cutoff);
            ps.setInt(2, batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new Key(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        if (keys.isEmpty()) {
            return 0;
        }
        int deleted = 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM job_outcome WHERE node_id = ? AND decision_seq = ?")) {
            for (Key k : keys) {
                ps.setString(1, k.nodeId());
                ps.setLong(2, k.seq());
                ps.addBatch();
            }
            deleted += sum(ps.executeBatch());
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM guard_decision WHERE id = ?")) {
            for (Key k : keys) {
                ps.setLong(1, k.id());
                ps.addBatch();
            }
            deleted += sum(ps.executeBatch());
        }
        return deleted;
    }

    private int deleteOutcomeBatch(Connection c, Instant cutoff) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM job_outcome WHERE finished_at < ? FETCH FIRST ? ROWS ONLY")) {
            AuditColumns.setInstant(ps, 1, cutoff);
            ps.setInt(2, batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM job_outcome WHERE id = ?")) {
            for (Long id : ids) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            return sum(ps.executeBatch());
        }
    }

    private static int sum(int[] counts) {
        int s = 0;
        for (int n : counts) {
            s += n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0);
        }
        return s;
    }
}
