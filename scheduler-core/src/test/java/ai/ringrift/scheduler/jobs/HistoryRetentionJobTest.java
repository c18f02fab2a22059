package ai.ringrift.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.history.HistoryRow;
import ai.ringrift.db.history.HistoryRow.Decisions;
import ai.ringrift.db.history.HistoryRow.Stat;
import ai.ringrift.db.history.HistoryStore;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history retention job run by a real Quartz scheduler (RAMJobStore) against an H2 history table. */
class HistoryRetentionJobTest {

    @TempDir
    Path tmp;

    @Test
    void deletesOnlyMinutesOlderThanTheRetention() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")))) {
            HistoryStore store = new HistoryStore(db.dataSource());
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            for (int ageDays : new int[] {50, 20, 9, 1}) {
                store.write(row(now.minus(Duration.ofDays(ageDays))));
            }
            assertThat(AuditRetentionJobTest.run(db, HistoryRetentionJob.class, "10"))
                    .isEqualTo("error: none; result: deleted 2 history minutes older than");
            assertThat(store.find(null, now.minus(Duration.ofDays(100)), null)).extracting(HistoryRow::minute)
                    .containsExactly(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(1)));
            assertThat(AuditRetentionJobTest.run(db, HistoryRetentionJob.class, "x"))
                    .startsWith("error: HistoryRetentionJob: retentionDays must be a whole number");
        }
    }

    @Test
    void isDeclaredBackgroundAndRelievesDisk() {
        Guarded g = HistoryRetentionJob.class.getAnnotation(Guarded.class);
        assertThat(g.priority()).isEqualTo(Priority.BACKGROUND);
        assertThat(g.relieves()).containsExactly(Resource.DISK);
    }

    private static HistoryRow row(Instant minute) {
        return new HistoryRow("n", minute, 1, new Stat(10.0, 10.0, 1), Stat.NONE, Stat.NONE, Stat.NONE, 0, 0,
                Decisions.NONE);
    }
}
