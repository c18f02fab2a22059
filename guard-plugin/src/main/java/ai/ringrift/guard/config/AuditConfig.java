package ai.ringrift.guard.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code audit}: the decision log.
 *
 * @param retentionDays days rows are kept by the retention job (default 30)
 * @param spoolDir      where rows wait while the database is unreachable (default ./data/audit-spool)
 * @param batchMaxRows  rows per group commit at most (default 256)
 * @param batchMaxWait  how long a row waits for its group commit at most (default 5 ms)
 */
public record AuditConfig(int retentionDays, Path spoolDir, int batchMaxRows, Duration batchMaxWait) {

    public static AuditConfig defaults() {
        return new AuditConfig(30, Path.of("data", "audit-spool"), 256, Duration.ofMillis(5));
    }
}
