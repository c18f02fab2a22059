package ai.ringrift.scheduler.jobs;

import ai.ringrift.db.Database;
import ai.ringrift.db.history.HistoryStore;
import ai.ringrift.scheduler.ContextKeys;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;

/**
 * The product's own BACKGROUND job that keeps the utilisation history ({@code guard_history}, one
 * row per node per minute) bounded: deletes minutes older than {@code retentionDays} (JobDataMap,
 * default {@value #DEFAULT_RETENTION_DAYS}: the status page plots up to 7 days). It frees disk, so
 * the guard lets it run under disk pressure; like any job it is decided and audited by the guard.
 *
 * <p>Needs the {@link Database} in the scheduler context under {@value #DATABASE_KEY}.
 */
@Guarded(priority = Priority.BACKGROUND, relieves = Resource.DISK)
@DisallowConcurrentExecution
public class HistoryRetentionJob extends RetentionJob {

    /** Scheduler-context key of the {@link Database}. */
    public static final String DATABASE_KEY = ContextKeys.DATABASE;
    /** JobDataMap key of the retention in days. */
    public static final String RETENTION_DAYS_KEY = RetentionJob.RETENTION_DAYS_KEY;
    public static final int DEFAULT_RETENTION_DAYS = 30;

    @Override
    String rows() {
        return "history minutes";
    }

    @Override
    int defaultRetentionDays() {
        return DEFAULT_RETENTION_DAYS;
    }

    @Override
    int deleteOlderThan(Database database, Instant cutoff) {
        return new HistoryStore(database.dataSource()).deleteOlderThan(cutoff);
    }
}
