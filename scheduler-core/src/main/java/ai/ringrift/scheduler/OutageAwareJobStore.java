package ai.ringrift.scheduler;

import java.util.List;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.OperableTrigger;
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
