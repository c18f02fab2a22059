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

    /** Whether the job has a pending deferral, asked on {@code c} (inside the caller's transaction). */
    public static boolean pendingOn(Connection c, String jobGroup, String jobName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM guard_deferral WHERE job_group = ? AND job_name = ?")) {
            ps.setString(1, jobGroup);
            ps.setString(2, jobName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
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

    /**
     * Makes {@code d} the job's one pending deferral and returns the one it replaced, decided by the
     * database: the job's row is locked ({@code SELECT ... FOR UPDATE}) and updated, or inserted
     * when there is none; a concurrent insert of the same job (primary key) is retried against the
     * row it wrote. So of concurrent puts of one job, on any node, each replaces exactly the one
     * before it, and one row is left.
     */
    public Optional<PendingDeferral> replace(PendingDeferral d) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                boolean auto = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    Optional<PendingDeferral> old = lockRow(c, d.jobGroup(), d.jobName());
                    write(c, d, old.isPresent());
                    c.commit();
                    return old;
                } catch (SQLException e) {
                    c.rollback();
                    if (attempt < 3 && isDuplicateKey(e)) {
                        continue; // another put inserted the job's row first: replace that one
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(auto);
                }
            }
        }
    }

    /** Stores {@code d} as the job's pending deferral, replacing any earlier one. */
    public void put(PendingDeferral d) throws SQLException {
        replace(d);
    }

    /** What a claimed deferral does while its row is still locked (the re-fire). */
    @FunctionalInterface
    public interface ClaimAction {
        /** Returns normally to remove the row; throws to keep it. */
        void run() throws Exception;
    }

    /**
     * Claims the job's pending deferral {@code jobrunrId} for its re-fire: deletes the row (which
     * locks it), runs {@code action}, then commits; when {@code action} throws, the row stays.
     * Returns false, without running {@code action}, when the row is no longer that deferral (a
     * newer fire superseded it, or another run claimed it).
     */
    public boolean claim(String jobGroup, String jobName, UUID jobrunrId, ClaimAction action) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM guard_deferral WHERE job_group = ? AND job_name = ? AND jobrunr_id = ?")) {
                ps.setString(1, jobGroup);
                ps.setString(2, jobName);
                ps.setString(3, jobrunrId.toString());
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
                action.run();
                c.commit();
                return true;
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private static Optional<PendingDeferral> lockRow(Connection c, String jobGroup, String jobName)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM guard_deferral WHERE job_group = ? AND job_name = ? FOR UPDATE")) {
            ps.setString(1, jobGroup);
            ps.setString(2, jobName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static void write(Connection c, PendingDeferral d, boolean update) throws SQLException {
        String sql = update
                ? "UPDATE guard_deferral SET jobrunr_id = ?, attempt = ?, priority = ?, reason = ?, node_id = ?, "
                        + "decision_seq = ?, first_deferred_at = ?, deferred_at = ?, run_at = ? "
                        + "WHERE job_group = ? AND job_name = ?"
                : "INSERT INTO guard_deferral (jobrunr_id, attempt, priority, reason, node_id, decision_seq, "
                        + "first_deferred_at, deferred_at, run_at, job_group, job_name) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, d.jobrunrId().toString());
            ps.setInt(2, d.attempt());
            ps.setString(3, d.priority());
            ps.setString(4, truncate(d.reason(), 1000));
            ps.setString(5, d.nodeId());
            if (d.decisionSeq() == null) {
                ps.setNull(6, Types.BIGINT);
            } else {
                ps.setLong(6, d.decisionSeq());
            }
            ps.setObject(7, utc(d.firstDeferredAt()));
            ps.setObject(8, utc(d.deferredAt()));
            ps.setObject(9, utc(d.runAt()));
            ps.setString(10, d.jobGroup());
            ps.setString(11, d.jobName());
            ps.executeUpdate();
        }
    }

    /** SQLState 23505 (unique violation), the same on H2 and PostgreSQL. */
    private static boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
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
