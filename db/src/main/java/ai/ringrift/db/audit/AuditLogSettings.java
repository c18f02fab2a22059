package ai.ringrift.db.audit;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AuditLog} writes.
 *
 * @param nodeId         this node's name in {@code node_id} (default: the host name)
 * @param spoolDir       folder of the local spool file used while the database is unreachable
 * @param batchMaxRows   a group-commit batch closes at this many rows (default 256)
 * @param batchMaxWait   ... or this long after its first row (default 5 ms)
 * @param replayInterval how often the replayer retries the database while rows are spooled (default 2 s)
 */
public record AuditLogSettings(String nodeId, Path spoolDir, int batchMaxRows, Duration batchMaxWait,
        Duration replayInterval) {

    public static final int DEFAULT_BATCH_MAX_ROWS = 256;
    /** Rows per group commit at most ({@code audit.batchMaxRows}). */
    public static final int MAX_BATCH_ROWS = 10_000;
    /** The longest node id the audit tables hold ({@code node.id}). */
    public static final int MAX_NODE_ID_LENGTH = 128;
    public static final Duration DEFAULT_BATCH_MAX_WAIT = Duration.ofMillis(5);
    public static final Duration DEFAULT_REPLAY_INTERVAL = Duration.ofSeconds(2);

    public AuditLogSettings {
        nodeId = RowChecks.maxLength("audit.nodeId", Objects.requireNonNull(nodeId, "audit.nodeId"),
                MAX_NODE_ID_LENGTH);
        Objects.requireNonNull(spoolDir, "audit.spoolDir must be set (a writable folder for the spool file)");
        if (batchMaxRows < 1 || batchMaxRows > MAX_BATCH_ROWS) {
            throw new IllegalArgumentException("audit.batchMaxRows must be 1.." + MAX_BATCH_ROWS + ", was " + batchMaxRows);
        }
        Objects.requireNonNull(batchMaxWait, "audit.batchMaxWait");
        if (batchMaxWait.isNegative()) {
            throw new IllegalArgumentException("audit.batchMaxWait must be >= 0, was " + batchMaxWait);
        }
        Objects.requireNonNull(replayInterval, "audit.replayInterval");
        if (replayInterval.toMillis() < 10) {
            throw new IllegalArgumentException("audit.replayInterval must be >= 10 ms, was " + replayInterval);
        }
    }

    /** Defaults with the host name as node id. */
    public static AuditLogSettings defaults(Path spoolDir) {
        return new AuditLogSettings(hostName(), spoolDir, DEFAULT_BATCH_MAX_ROWS, DEFAULT_BATCH_MAX_WAIT,
                DEFAULT_REPLAY_INTERVAL);
    }

    public AuditLogSettings withNodeId(String v) {
        return new AuditLogSettings(v, spoolDir, batchMaxRows, batchMaxWait, replayInterval);
    }

    public AuditLogSettings withBatch(int maxRows, Duration maxWait) {
        return new AuditLogSettings(nodeId, spoolDir, maxRows, maxWait, replayInterval);
    }

    public AuditLogSettings withReplayInterval(Duration v) {
        return new AuditLogSettings(nodeId, spoolDir, batchMaxRows, batchMaxWait, v);
    }

    /** The host name, or {@code HOSTNAME}/{@code localhost} when it cannot be resolved. */
    public static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            if (h != null && !h.isBlank()) {
                return h.length() > 128 ? h.substring(0, 128) : h;
            }
        } catch (Exception ignored) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }
}
