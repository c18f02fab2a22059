package ai.ringrift.db.cap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Tables {@code guard_cap} and {@code guard_cap_lease}: slots of fleet-wide caps, shared by every
 * node on one database. {@link #tryAcquire} is one transaction that first locks the cap's row
 * ({@code SELECT ... FOR UPDATE}); every node takes that lock before it counts, so two nodes can
 * never both see the last free slot. Inside the lock it reclaims lapsed leases (a dead node's
 * slots), counts the live ones per node, checks the node limit, the fleet limit and the cap's
 * spawn bucket, and inserts the lease. Times are epoch milliseconds of the nodes' clocks (kept in
 * step, as Quartz clustering already requires). SQL errors surface as {@link SQLException}.
 */
public final class CapLeaseStore {

    private final DataSource dataSource;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public CapLeaseStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Takes a slot of {@code limits.cap()} for one fire on {@code nodeId}, or says which limit refused.
     *
     * @param nowMillis  the node's clock
     * @param leaseMillis how long the slot is held without renewal
     */
    public CapAttempt tryAcquire(CapLimits limits, String nodeId, String jobName, long nowMillis, long leaseMillis)
            throws SQLException {
        ensure(limits);
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                CapAttempt a = acquireLocked(c, limits, nodeId, jobName, nowMillis, leaseMillis);
                c.commit();
                return a;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private CapAttempt acquireLocked(Connection c, CapLimits limits, String nodeId, String jobName, long now,
                                     long leaseMillis) throws SQLException {
        double tokens;
        long refilledAt;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tokens, refilled_at FROM guard_cap WHERE cap_name = ? FOR UPDATE")) {
            ps.setString(1, limits.cap());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("cap row " + limits.cap() + " is missing");
                }
                tokens = rs.getDouble(1);
                refilledAt = rs.getLong(2);
            }
        }
        int reclaimed;
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM guard_cap_lease WHERE cap_name = ? AND expires_at < ?")) {
            ps.setString(1, limits.cap());
            ps.setLong(2, now);
            reclaimed = ps.executeUpdate();
        }
        Map<String, Integer> running = running(c, limits.cap(), Long.MIN_VALUE);
        int fleet = running.values().stream().mapToInt(Integer::intValue).sum();
        int node = running.getOrDefault(nodeId, 0);
        if (node >= limits.perNode()) {
            return CapAttempt.refused(CapAttempt.Refusal.NODE, fleet, node, 0, reclaimed);
        }
        if (fleet >= limits.total()) {
            return CapAttempt.refused(CapAttempt.Refusal.FLEET, fleet, node, 0, reclaimed);
        }
        if (limits.perMinute() > 0) {
            double perMs = limits.perMinute() / 60_000.0;
            tokens = Math.min(limits.burst(), tokens + Math.max(0, now - refilledAt) * perMs);
            if (tokens < 1) {
                long wait = (long) Math.ceil((1 - tokens) / perMs);
                updateBucket(c, limits.cap(), tokens, Math.max(now, refilledAt));
                return CapAttempt.refused(CapAttempt.Refusal.RATE, fleet, node, wait, reclaimed);
            }
            updateBucket(c, limits.cap(), tokens - 1, Math.max(now, refilledAt));
        }
        String id = UUID.randomUUID().toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO guard_cap_lease (lease_id, cap_name, node_id, "
                + "job_name, acquired_at, expires_at) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, id);
            ps.setString(2, limits.cap());
            ps.setString(3, nodeId);
            ps.setString(4, jobName.length() <= 200 ? jobName : jobName.substring(0, 200));
            ps.setLong(5, now);
            ps.setLong(6, now + leaseMillis);
            ps.executeUpdate();
        }
        return CapAttempt.granted(id, fleet + 1, node + 1, reclaimed);
    }

    private static void updateBucket(Connection c, String cap, double tokens, long at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE guard_cap SET tokens = ?, refilled_at = ? WHERE cap_name = ?")) {
            ps.setDouble(1, tokens);
            ps.setLong(2, at);
            ps.setString(3, cap);
            ps.executeUpdate();
        }
    }

    /** Creates the cap's lock row once (a concurrent insert by another node is fine). */
    private void ensure(CapLimits limits) throws SQLException {
        if (known.contains(limits.cap())) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM guard_cap WHERE cap_name = ?")) {
                ps.setString(1, limits.cap());
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO guard_cap (cap_name, tokens, refilled_at) VALUES (?,?,?)")) {
                    ps.setString(1, limits.cap());
                    ps.setDouble(2, limits.burst());
                    ps.setLong(3, 0L);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e; // not "another node inserted it first"
                    }
                }
            }
        }
        known.add(limits.cap());
    }

    /** Gives a slot back (the fire finished or will not run). Returns true when the lease was still held. */
    public boolean release(String leaseId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM guard_cap_lease WHERE lease_id = ?")) {
            ps.setString(1, leaseId);
            return ps.executeUpdate() > 0;
        }
    }

    /** Extends every lease of {@code nodeId} to {@code expiresAt}; returns how many. */
    public int renew(String nodeId, long expiresAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE guard_cap_lease SET expires_at = ? WHERE node_id = ? AND expires_at < ?")) {
            ps.setLong(1, expiresAt);
            ps.setString(2, nodeId);
            ps.setLong(3, expiresAt);
            return ps.executeUpdate();
        }
    }

    /** Drops every lease of {@code nodeId} (a node starting again: its earlier fires are gone). */
    public int releaseNode(String nodeId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM guard_cap_lease WHERE node_id = ?")) {
            ps.setString(1, nodeId);
            return ps.executeUpdate();
        }
    }

    /** Live leases of {@code cap} per node at {@code nowMillis} (lapsed ones left out). */
    public Map<String, Integer> running(String cap, long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return running(c, cap, nowMillis);
        }
    }

    private static Map<String, Integer> running(Connection c, String cap, long nowMillis) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT node_id, COUNT(*) FROM guard_cap_lease "
                + "WHERE cap_name = ? AND expires_at >= ? GROUP BY node_id ORDER BY node_id")) {
            ps.setString(1, cap);
            ps.setLong(2, nowMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }
}
