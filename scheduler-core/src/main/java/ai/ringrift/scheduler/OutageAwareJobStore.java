package ai.ringrift.scheduler;

import java.sql.Connection;
import java.util.List;
import org.quartz.JobDetail;
import org.quartz.JobPersistenceException;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.spi.TriggerFiredResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's {@link JobStoreTX} that resumes firing as soon as the database is back. During an outage
 * Quartz's misfire handler sleeps up to {@code misfireThreshold} between attempts, so triggers whose
 * fire time fell more than the threshold behind (not acquired by the scheduler thread until the
 * handler has applied their misfire instruction) waited up to that long after the database returned.
 * Here the scheduler thread's first successful acquisition after a failure (of an acquisition, or
 * of firing acquired triggers) runs the misfire pass
 * at once; with {@link QuartzProperties#DB_RETRY_INTERVAL} between attempts, firing resumes within a
 * few seconds of the database's return. Each misfired fire is reported to the trigger listeners
 * (the guard audits and counts it).
 *
 * <p>It also runs the scheduler's {@link FiredTriggerHook} (if one is registered under its instance
 * name in {@link FiredTriggerHooks}) inside its "trigger fired" and "fire completed" transactions,
 * and tells the hook how each transaction of the thread ended.
 */
public class OutageAwareJobStore extends JobStoreTX {

    private static final Logger LOG = LoggerFactory.getLogger(OutageAwareJobStore.class);

    private volatile boolean failing;

    @Override
    public List<OperableTrigger> acquireNextTriggers(long noLaterThan, int maxCount, long timeWindow)
            throws JobPersistenceException {
        List<OperableTrigger> acquired;
        try {
            acquired = super.acquireNextTriggers(noLaterThan, maxCount, timeWindow);
        } catch (JobPersistenceException | RuntimeException e) {
            failing = true;
            throw e;
        }
        if (failing) {
            failing = false;
            recoverMisfiresNow();
        }
        return acquired;
    }

    @Override
    protected TriggerFiredBundle triggerFired(Connection conn, OperableTrigger trigger) throws JobPersistenceException {
        TriggerFiredBundle bundle = super.triggerFired(conn, trigger);
        FiredTriggerHook hook = bundle == null ? null : FiredTriggerHooks.of(getInstanceName());
        if (hook != null) {
            hook.fired(conn, bundle);
        }
        return bundle;
    }

    @Override
    protected void triggeredJobComplete(Connection conn, OperableTrigger trigger, JobDetail jobDetail,
                                        CompletedExecutionInstruction instruction) throws JobPersistenceException {
        super.triggeredJobComplete(conn, trigger, jobDetail, instruction);
        FiredTriggerHook hook = FiredTriggerHooks.of(getInstanceName());
        if (hook != null) {
            hook.completed(conn, trigger, jobDetail);
        }
    }

    @Override
    protected void commitConnection(Connection conn) throws JobPersistenceException {
        super.commitConnection(conn); // a failed commit is rolled back by Quartz: rollbackConnection follows
        FiredTriggerHook hook = FiredTriggerHooks.of(getInstanceName());
        if (hook != null) {
            hook.committed();
        }
    }

    @Override
    protected void rollbackConnection(Connection conn) {
        try {
            super.rollbackConnection(conn);
        } finally {
            FiredTriggerHook hook = FiredTriggerHooks.of(getInstanceName());
            if (hook != null) {
                hook.rolledBack();
            }
        }
    }

    /**
     * An outage can also first show while acquired triggers are being fired (Quartz then releases them,
     * retrying until the database answers): the next successful acquisition runs the misfire pass too.
     */
    @Override
    public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers) throws JobPersistenceException {
        try {
            return super.triggersFired(triggers);
        } catch (JobPersistenceException | RuntimeException e) {
            failing = true;
            throw e;
        }
    }

    private void recoverMisfiresNow() {
        try {
            RecoverMisfiredJobsResult r = doRecoverMisfires();
            LOG.info("Quartz job store: the database answers again; {} misfired trigger(s) handled at once",
                    r.getProcessedMisfiredTriggerCount());
            if (r.getProcessedMisfiredTriggerCount() > 0) {
                signalSchedulingChangeImmediately(r.getEarliestNewTime());
            }
        } catch (JobPersistenceException | RuntimeException e) {
            LOG.warn("Quartz job store: misfire pass after the outage failed ({}); the misfire handler retries",
                    e.toString());
        }
    }
}
