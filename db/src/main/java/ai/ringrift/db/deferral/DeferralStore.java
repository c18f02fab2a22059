package ai.ringrift.db.deferral;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Table {@code guard_deferral}: which JobRunr job holds the pending deferral of each Quartz job.
 * All statements are prepared; SQL errors surface as {@link SQLException} so the caller can fall
 * back (a one-shot Quartz trigger, the spool) and never lose the deferral silently.
 */
public final class DeferralStore {

    private static final String COLUMNS = "job_group, job_name, jobrunr_id, attempt, priority, reason, node_id, "
            + "decision_seq, first_deferred_at, deferred_at, run_at";

    private final DataSource dataSource;

    public DeferralStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The pending deferral of a job, if any. */
    public Optional<PendingDeferral> find(String jobGroup, String jobName) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT " + COLUMNS + " FROM guard_deferral WHERE job_group = ? AND job_name = ?")) {
            ps.setString(1, jobGroup);
            ps.setString(2, jobName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Stores {@code d} as the job's pending deferral, replacing any earlier one. */
    public void put(PendingDeferral d) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM guard_deferral WHERE job_group = ? AND job_name = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO guard_deferral (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                del.setString(1, d.jobGroup());
                del.setString(2, d.jobName());
                del.executeUpdate();
                ins.setString(1, d.jobGroup());
                ins.setString(2, d.jobName());
                ins.setString(3, d.jobrunrId().toString());
                ins.setInt(4, d.attempt());
                ins.setString(5, d.priority());
                ins.setString(6, truncate(d.reason(), 1000));
                ins.setString(7, d.nodeId());
                if (d.decisionSeq() == null) {
                    ins.setNull(8, Types.BIGINT);
                } else {
                    ins.setLong(8, d.decisionSeq());
                }
                ins.setObject(9, utc(d.firstDeferredAt()));
                ins.setObject(10, utc(d.deferredAt()));
                ins.setObject(11, utc(d.runAt()));
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /**
     * Removes the job's pending deferral if it is still the one with {@code jobrunrId} (a newer
     * deferral may have replaced it). Returns true when a row was removed.
     */
    public boolean remove(String jobGroup, String jobName, UUID jobrunrId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM guard_deferral WHERE job_group = ? AND job_name = ? AND jobrunr_id = ?")) {
            ps.setString(1, jobGroup);
            ps.setString(2, jobName);
            ps.setString(3, jobrunrId.toString());
            return ps.executeUpdate() > 0;
        }
    }

    /** Removes the job's pending deferral whatever it is. */
    public boolean remove(String jobGroup, String jobName) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM guard_deferral WHERE job_group = ? AND job_name = ?")) {
            ps.setString(1, jobGroup);
            ps.setString(2, jobName);
            return ps.executeUpdate() > 0;
        }
    }

    /** All pending deferrals, soonest first. */
    public List<PendingDeferral> all() throws SQLException {
        List<PendingDeferral> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT " + COLUMNS + " FROM guard_deferral ORDER BY run_at, job_group, job_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(map(rs));
            }
        }
        return out;
    }

    /**
     * Deferrals due at {@code now} that other nodes than {@code nodeId} made, soonest first, at most
     * {@code limit}: what a node with room may take from the fleet (a hand-off is due at once).
     */
    public List<PendingDeferral> dueFromOthers(String nodeId, Instant now, int limit) throws SQLException {
        List<PendingDeferral> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM guard_deferral"
                     + " WHERE run_at <= ? AND node_id <> ? ORDER BY run_at FETCH FIRST " + Math.max(1, limit)
                     + " ROWS ONLY")) {
            ps.setObject(1, utc(now));
            ps.setString(2, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
        }
        return out;
    }

    /** Number of pending deferrals. */
    public int count() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM guard_deferral");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static PendingDeferral map(ResultSet rs) throws SQLException {
        long seq = rs.getLong("decision_seq");
        Long decisionSeq = rs.wasNull() ? null : seq;
        return new PendingDeferral(rs.getString("job_group"), rs.getString("job_name"),
                UUID.fromString(rs.getString("jobrunr_id")), rs.getInt("attempt"), rs.getString("priority"),
                rs.getString("reason"), rs.getString("node_id"), decisionSeq,
                instant(rs, "first_deferred_at"), instant(rs, "deferred_at"), instant(rs, "run_at"));
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
