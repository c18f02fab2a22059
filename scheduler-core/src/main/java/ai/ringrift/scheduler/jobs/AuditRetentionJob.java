package ai.ringrift.scheduler.jobs;

import ai.ringrift.scheduler.ContextKeys;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseException;
import ai.ringrift.db.audit.AuditRetention;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's own BACKGROUND job that keeps the audit log bounded: deletes decisions (and their
 * outcomes) older than {@code retentionDays} (JobDataMap, default {@value #DEFAULT_RETENTION_DAYS})
 * in batches of 10,000 rows per transaction. It frees disk, so the guard lets it run under disk
 * pressure.
 *
 * <p>Needs the {@link Database} in the scheduler context under {@value #DATABASE_KEY}.
 */
@Guarded(priority = Priority.BACKGROUND, relieves = Resource.DISK)
@DisallowConcurrentExecution
public class AuditRetentionJob implements Job {

    /** Scheduler-context key of the {@link Database}. */
    public static final String DATABASE_KEY = ContextKeys.DATABASE;
    /** JobDataMap key of the retention in days. */
    public static final String RETENTION_DAYS_KEY = "retentionDays";
    public static final int DEFAULT_RETENTION_DAYS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetentionJob.class);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Database database = database(context);
        int days = retentionDays(context);
        Instant cutoff = Instant.now().minus(Duration.ofDays(days));
        try {
            int deleted = new AuditRetention(database.dataSource()).deleteOlderThan(cutoff);
            String result = "deleted " + deleted + " audit rows older than " + cutoff + " (" + days + " days)";
            LOG.info(result);
            context.setResult(result);
        } catch (DatabaseException e) {
            throw new JobExecutionException(e.getMessage(), e, false);
        }
    }

    private static Database database(JobExecutionContext context) throws JobExecutionException {
        Object value;
        try {
            value = context.getScheduler().getContext().get(DATABASE_KEY);
        } catch (SchedulerException e) {
            throw new JobExecutionException("cannot read the scheduler context: " + e.getMessage(), e, false);
        }
        if (value instanceof Database db) {
            return db;
        }
        throw new JobExecutionException("AuditRetentionJob needs the ai.ringrift.db.Database in the scheduler context "
                + "under '" + DATABASE_KEY + "' (found " + (value == null ? "nothing" : value.getClass().getName())
                + "): put it there when the scheduler starts", false);
    }

    static int retentionDays(JobExecutionContext context) throws JobExecutionException {
        Object raw = context.getMergedJobDataMap().get(RETENTION_DAYS_KEY);
        if (raw == null || raw.toString().isBlank()) {
            return DEFAULT_RETENTION_DAYS;
        }
        try {
            int days = Integer.parseInt(raw.toString().trim());
            if (days >= 1) {
                return days;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new JobExecutionException("AuditRetentionJob: " + RETENTION_DAYS_KEY + " must be a whole number of days "
                + ">= 1, was '" + raw + "'", false);
    }
}
