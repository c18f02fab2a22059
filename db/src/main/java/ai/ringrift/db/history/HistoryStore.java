package ai.ringrift.db.history;

import ai.ringrift.db.DatabaseException;
import ai.ringrift.db.history.HistoryRow.Decisions;
import ai.ringrift.db.history.HistoryRow.Stat;
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
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Table {@code guard_history}: one row per node per minute. {@link #write} merges into an existing
 * row of the same node and minute (a node restarted within a minute), so the table never holds two
 * rows for one minute. Failures surface as {@link DatabaseException} naming what failed.
 */
public final class HistoryStore {

    /** Rows one query returns at most: 7 days of one node's minutes, plus a margin. */
    public static final int MAX_ROWS = 7 * 24 * 60 + 60;

    private static final String[] RESOURCES = {"cpu", "memory", "gpu", "disk"};
    private static final String COLUMNS = "node_id, minute_start, samples, cpu_avg, cpu_max, cpu_samples, memory_avg, "
            + "memory_max, memory_samples, gpu_avg, gpu_max, gpu_samples, disk_avg, disk_max, disk_samples, "
            + "level_max, level_last, allow_count, resize_count, defer_count, veto_count, evict_count";
    private static final String VALUES = "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?";

    private final DataSource dataSource;

    public HistoryStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Stores {@code row}, merged into the node's row of that minute if there is one already. */
    public void write(HistoryRow row) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Optional<HistoryRow> existing = select(c, row.nodeId(), row.minute());
                if (existing.isPresent()) {
                    update(c, existing.get().merge(row));
                } else {
                    insert(c, row);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot write the history of node " + row.nodeId() + " at " + row.minute()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rows with {@code minute >= since} (and {@code < until} when given), of one node or of all
     * ({@code nodeId} null), ordered by minute then node; at most {@link #MAX_ROWS} per node asked.
     */
    public List<HistoryRow> find(String nodeId, Instant since, Instant until) {
        Objects.requireNonNull(since, "since");
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM guard_history WHERE minute_start >= ?");
        if (until != null) {
            sql.append(" AND minute_start < ?");
        }
        if (nodeId != null) {
            sql.append(" AND node_id = ?");
        }
        sql.append(" ORDER BY minute_start, node_id FETCH FIRST ? ROWS ONLY");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            setInstant(ps, i++, since);
            if (until != null) {
                setInstant(ps, i++, until);
            }
            if (nodeId != null) {
                ps.setString(i++, nodeId);
            }
            ps.setInt(i, nodeId != null ? MAX_ROWS : MAX_ROWS * 16);
            List<HistoryRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the history: " + e.getMessage(), e);
        }
    }

    /** Deletes rows of minutes before {@code cutoff}; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM guard_history WHERE minute_start < ?")) {
            setInstant(ps, 1, cutoff);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("history retention failed: " + e.getMessage()
                    + ": check that the database is reachable; the next run continues", e);
        }
    }

    private static Optional<HistoryRow> select(Connection c, String nodeId, Instant minute) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM guard_history WHERE node_id = ? AND minute_start = ? FOR UPDATE")) {
            ps.setString(1, nodeId);
            setInstant(ps, 2, minute);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static void insert(Connection c, HistoryRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO guard_history (" + COLUMNS + ") VALUES ("
                + VALUES + ")")) {
            ps.setString(1, r.nodeId());
            setInstant(ps, 2, r.minute());
            bindValues(ps, 3, r);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, HistoryRow r) throws SQLException {
        StringBuilder set = new StringBuilder("samples = ?");
        for (String res : RESOURCES) {
            set.append(", ").append(res).append("_avg = ?, ").append(res).append("_max = ?, ")
                    .append(res).append("_samples = ?");
        }
        set.append(", level_max = ?, level_last = ?, allow_count = ?, resize_count = ?, defer_count = ?, "
                + "veto_count = ?, evict_count = ?");
        try (PreparedStatement ps = c.prepareStatement("UPDATE guard_history SET " + set
                + " WHERE node_id = ? AND minute_start = ?")) {
            int i = bindValues(ps, 1, r);
            ps.setString(i++, r.nodeId());
            setInstant(ps, i, r.minute());
            ps.executeUpdate();
        }
    }

    /** Binds samples .. evict_count from {@code i}; returns the next index. */
    private static int bindValues(PreparedStatement ps, int i, HistoryRow r) throws SQLException {
        ps.setInt(i++, r.samples());
        for (Stat s : new Stat[]{r.cpu(), r.memory(), r.gpu(), r.disk()}) {
            setDouble(ps, i++, s.avg());
            setDouble(ps, i++, s.max());
            ps.setInt(i++, s.samples());
        }
        ps.setInt(i++, r.levelMax());
        ps.setInt(i++, r.levelLast());
        Decisions d = r.decisions();
        ps.setInt(i++, d.allow());
        ps.setInt(i++, d.resize());
        ps.setInt(i++, d.defer());
        ps.setInt(i++, d.veto());
        ps.setInt(i++, d.evict());
        return i;
    }

    private static HistoryRow read(ResultSet rs) throws SQLException {
        String node = rs.getString(1);
        Instant minute = rs.getObject(2, OffsetDateTime.class).toInstant();
        int samples = rs.getInt(3);
        Stat[] stats = new Stat[RESOURCES.length];
        int i = 4;
        for (int k = 0; k < stats.length; k++) {
            double avg = rs.getDouble(i++);
            double max = rs.getDouble(i++);
            int n = rs.getInt(i++);
            stats[k] = n == 0 ? Stat.NONE : new Stat(avg, max, n);
        }
        int levelMax = rs.getInt(i++);
        int levelLast = rs.getInt(i++);
        Decisions d = new Decisions(rs.getInt(i++), rs.getInt(i++), rs.getInt(i++), rs.getInt(i++), rs.getInt(i));
        return new HistoryRow(node, minute, samples, stats[0], stats[1], stats[2], stats[3], levelMax, levelLast, d);
    }

    private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
