package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;

import ai.ringrift.db.audit.AuditLogSettings;
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
public record AuditConfig(int retentionDays, Path spoolDir, int batchMaxRows, Duration batchMaxWait)
        implements Checked {

    @Override
    public void check(Problems p, String path) {
        Checks.atLeast(p, Problems.path(path, "retentionDays"), retentionDays, 1);
        Checks.between(p, Problems.path(path, "batchMaxRows"), batchMaxRows, 1, AuditLogSettings.MAX_BATCH_ROWS);
        Checks.notNegative(p, Problems.path(path, "batchMaxWait"), batchMaxWait);
    }

    public static AuditConfig defaults() {
        return new AuditConfig(30, Path.of("data", "audit-spool"), 256, Duration.ofMillis(5));
    }
}
