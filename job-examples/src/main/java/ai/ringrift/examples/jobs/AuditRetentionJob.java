package ai.ringrift.examples.jobs;

import ai.ringrift.db.Database;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit retention (BACKGROUND): deletes audit rows older than {@code keep_days} (30) from
 * {@code job_outcome} (by {@code finished_at}) and {@code guard_decision} (by {@code decided_at}),
 * in one transaction, and reports the counts.
 */
@DisallowConcurrentExecution
@Guarded(priority = Priority.BACKGROUND)
public class AuditRetentionJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetentionJob.class);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String job = "AuditRetentionJob";
        JobParams params = new JobParams(context, job);
        int keepDays = params.integer("keep_days", 30, 1, 36_500);
        Database db = JobDatabase.require(context, job);
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(Instant.now().minus(Duration.ofDays(keepDays)),
                ZoneOffset.UTC);
        int outcomes;
        int decisions;
        try (Connection c = db.dataSource().getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                outcomes = delete(c, "DELETE FROM job_outcome WHERE finished_at < ?", cutoff);
                decisions = delete(c, "DELETE FROM guard_decision WHERE decided_at < ?", cutoff);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new JobExecutionException(job + ": cannot delete old audit rows from " + db.describe() + ": "
                    + e.getMessage(), e);
        }
        String summary = "deleted " + decisions + " decisions and " + outcomes + " outcomes older than " + keepDays
                + " days (before " + cutoff + ")";
        LOG.info("{}", summary);
        context.setResult(summary);
    }

    private static int delete(Connection c, String sql, OffsetDateTime cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, cutoff);
            return ps.executeUpdate();
        }
    }
}
