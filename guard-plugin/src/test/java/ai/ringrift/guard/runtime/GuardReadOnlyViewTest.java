package ai.ringrift.guard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.GuardConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's local view beside a running daemon reads the host and decides, but leaves the node's
 * audit spool and sequence numbers to the daemon.
 */
class GuardReadOnlyViewTest {

    @TempDir
    Path dir;

    @Test
    void readOnlyViewSamplesButOpensNoAuditWriter() {
        Path spool = dir.resolve("spool");
        GuardConfig config = ConfigLoader.loadString("""
                sampling:
                  dataDir: %s
                audit:
                  spoolDir: %s
                """.formatted(dir.resolve("data"), spool), "guard.yaml").orThrow();
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("db")));
             Guard guard = Guard.start(config, db, GuardOptions.readOnlyView())) {
            assertThat(guard.audit()).isNull();
            assertThat(guard.latest().readings()).isNotEmpty();
            StatusReport status = guard.status();
            assertThat(status.resources()).extracting(StatusReport.ResourceLine::resource).contains("cpu", "memory", "disk");
            assertThat(status.auditSpoolRows()).isZero();
            assertThat(guard.jobrunr()).isEmpty();
            assertThat(guard.http()).isEmpty();
            assertThat(spool).doesNotExist();
        }
    }

    @Test
    void aGuardThatRunsDeferralsMustWriteTheAuditLog() {
        GuardConfig config = GuardConfig.defaults();
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("db2")))) {
            assertThatThrownBy(() -> Guard.start(config, db, GuardOptions.readOnlyView().withJobRunr(true)))
                    .hasMessageContaining("must write the audit log");
        }
    }
}
