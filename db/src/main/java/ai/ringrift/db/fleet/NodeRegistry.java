package ai.ringrift.db.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Table {@code guard_node}: one heartbeat row per node. A node writes its own row
 * ({@link #beat}) every heartbeat and marks it {@link #stopped} when it shuts down cleanly; anyone
 * reads the fleet ({@link #view}). Only the node writes its row, so the update-else-insert of
 * {@link #beat} has no competitor. The heartbeat time is the database's {@code CURRENT_TIMESTAMP}.
 * SQL errors surface as {@link SQLException}.
 */
public final class NodeRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() { };

    /** The columns a heartbeat sets, in the order {@link #bind} binds them. */
    private static final String[] SET = {"host", "version", "tier", "tier_target_pct", "cpu_cores", "memory_total_gb",
        "gpu_memory_total_gb", "disk_total_gb", "worker_threads", "cpu_used_pct", "cpu_source", "cpu_age_ms",
        "memory_used_pct", "memory_source", "memory_age_ms", "gpu_used_pct", "gpu_source", "gpu_age_ms",
        "disk_used_pct", "disk_source", "disk_age_ms", "level", "worst_resource", "pending_deferrals",
        "running_fires", "running_by_job", "halted", "halt_reason", "started_at"};

    private final DataSource dataSource;

    public NodeRegistry(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Writes the node's heartbeat (its row, created on the first beat); clears a clean-stop mark. */
    public void beat(NodeHeartbeat b) throws SQLException {
        String update = "UPDATE guard_node SET " + String.join(" = ?, ", SET)
                + " = ?, heartbeat_at = CURRENT_TIMESTAMP, stopped_at = NULL WHERE node_id = ?";
        String insert = "INSERT INTO guard_node (" + String.join(", ", SET) + ", node_id, heartbeat_at) VALUES ("
                + "?,".repeat(SET.length) + "?, CURRENT_TIMESTAMP)";
        try (Connection c = dataSource.getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement(update)) {
                ps.setString(bind(ps, b), b.nodeId());
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setString(bind(ps, b), b.nodeId());
                    ps.executeUpdate();
                }
            }
        }
    }

    /** The node shut down cleanly: shown {@code STOPPED}, never lost. */
    public void stopped(String nodeId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE guard_node SET stopped_at = CURRENT_TIMESTAMP WHERE node_id = ?")) {
            ps.setString(1, nodeId);
            ps.executeUpdate();
        }
    }

    /** Every registered node at the database's current time, a node silent longer than {@code lostAfter} lost. */
    public FleetView view(Duration lostAfter) throws SQLException {
        Objects.requireNonNull(lostAfter, "lostAfter");
        List<NodeHeartbeat> beats = new ArrayList<>();
        Instant now;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                now = rs.getObject(1, OffsetDateTime.class).toInstant();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM guard_node ORDER BY node_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    beats.add(map(rs));
                }
            }
        }
        List<FleetView.Node> nodes = new ArrayList<>();
        for (NodeHeartbeat b : beats) {
            nodes.add(FleetView.classify(b, now, lostAfter));
        }
        return new FleetView(now, lostAfter, nodes);
    }

    /** Binds the {@link #SET} columns from 1; returns the next parameter index. */
    private static int bind(PreparedStatement ps, NodeHeartbeat b) throws SQLException {
        int i = 1;
        ps.setString(i++, text(b.host(), 255));
        ps.setString(i++, text(b.version(), 64));
        ps.setString(i++, text(b.tier(), 16));
        ps.setDouble(i++, b.tierTargetPercent());
        NodeCapacity cap = b.capacity();
        setDouble(ps, i++, cap.cpuCores());
        setDouble(ps, i++, cap.memoryTotalGb());
        setDouble(ps, i++, cap.gpuMemoryTotalGb());
        setDouble(ps, i++, cap.diskTotalGb());
        ps.setInt(i++, cap.workerThreads());
        for (String r : NodeHeartbeat.RESOURCES) {
            NodeReading reading = b.reading(r);
            setDouble(ps, i++, reading == null ? null : reading.usedPercent());
            ps.setString(i++, reading == null ? null : text(reading.source(), 16));
            if (reading == null) {
                ps.setNull(i++, Types.BIGINT);
            } else {
                ps.setLong(i++, reading.ageMs());
            }
        }
        ps.setInt(i++, b.level());
        ps.setString(i++, b.worstResource());
        ps.setInt(i++, b.pendingDeferrals());
        ps.setInt(i++, b.runningFires());
        ps.setString(i++, counts(b.runningByJob()));
        ps.setBoolean(i++, b.halted());
        ps.setString(i++, text(b.haltReason(), 1000));
        ps.setObject(i++, b.startedAt().atOffset(ZoneOffset.UTC));
        return i;
    }

    private static NodeHeartbeat map(ResultSet rs) throws SQLException {
        NodeCapacity cap = new NodeCapacity(dbl(rs, "cpu_cores"), dbl(rs, "memory_total_gb"),
                dbl(rs, "gpu_memory_total_gb"), dbl(rs, "disk_total_gb"), rs.getInt("worker_threads"));
        Map<String, NodeReading> readings = new LinkedHashMap<>();
        for (String r : NodeHeartbeat.RESOURCES) {
            Double used = dbl(rs, r + "_used_pct");
            if (used != null) {
                readings.put(r, new NodeReading(used, rs.getString(r + "_source"), rs.getLong(r + "_age_ms")));
            }
        }
        return new NodeHeartbeat(rs.getString("node_id"), rs.getString("host"), rs.getString("version"),
                rs.getString("tier"), rs.getDouble("tier_target_pct"), cap, readings, rs.getInt("level"),
                rs.getString("worst_resource"), rs.getInt("pending_deferrals"), rs.getInt("running_fires"),
                counts(rs.getString("running_by_job")), rs.getBoolean("halted"), rs.getString("halt_reason"),
                instant(rs, "started_at"), instant(rs, "heartbeat_at"), instant(rs, "stopped_at"));
    }

    private static String counts(Map<String, Integer> m) {
        try {
            String s = JSON.writeValueAsString(m);
            return s.length() <= 4000 ? s : "{}";
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private static Map<String, Integer> counts(String s) {
        if (s == null || s.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(s, COUNTS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static Double dbl(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static String text(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
