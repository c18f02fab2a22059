package ai.ringrift.scheduler.jobs;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseException;
import ai.ringrift.scheduler.ContextKeys;
import java.time.Duration;
import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A product job that keeps one of its tables bounded: deletes rows older than
 * {@code retentionDays} (JobDataMap, default {@link #defaultRetentionDays()}). Needs the
 * {@link Database} in the scheduler context under {@value ContextKeys#DATABASE}.
 */
abstract class RetentionJob implements Job {

    /** JobDataMap key of the retention in days. */
    static final String RETENTION_DAYS_KEY = "retentionDays";

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    /** What the rows are, e.g. "audit rows". */
    abstract String rows();

    abstract int defaultRetentionDays();

    /** Deletes the rows older than {@code cutoff}; returns how many. */
    abstract int deleteOlderThan(Database database, Instant cutoff);

    @Override
    public final void execute(JobExecutionContext context) throws JobExecutionException {
        Database database = database(context);
        int days = retentionDays(context);
        Instant cutoff = Instant.now().minus(Duration.ofDays(days));
        try {
            int deleted = deleteOlderThan(database, cutoff);
            String result = "deleted " + deleted + " " + rows() + " older than " + cutoff + " (" + days + " days)";
            LOG.info(result);
            context.setResult(result);
        } catch (DatabaseException e) {
            throw new JobExecutionException(e.getMessage(), e, false);
        }
    }

    private Database database(JobExecutionContext context) throws JobExecutionException {
        Object value;
        try {
            value = context.getScheduler().getContext().get(ContextKeys.DATABASE);
        } catch (SchedulerException e) {
            throw new JobExecutionException("cannot read the scheduler context: " + e.getMessage(), e, false);
        }
        if (value instanceof Database db) {
            return db;
        }
        throw new JobExecutionException(getClass().getSimpleName() + " needs the ai.ringrift.db.Database in the "
                + "scheduler context under '" + ContextKeys.DATABASE + "' (found "
                + (value == null ? "nothing" : value.getClass().getName()) + "): put it there when the scheduler starts",
                false);
    }

    int retentionDays(JobExecutionContext context) throws JobExecutionException {
        Object raw = context.getMergedJobDataMap().get(RETENTION_DAYS_KEY);
        if (raw == null || raw.toString().isBlank()) {
            return defaultRetentionDays();
        }
        try {
            int days = Integer.parseInt(raw.toString().trim());
            if (days >= 1) {
                return days;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new JobExecutionException(getClass().getSimpleName() + ": " + RETENTION_DAYS_KEY
                + " must be a whole number of days >= 1, was '" + raw + "'", false);
    }
}
