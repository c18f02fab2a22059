package ai.ringrift.guard.quartz;

import ai.ringrift.db.audit.AuditLog;
import ai.ringrift.guard.pipeline.Admitted;
import ai.ringrift.guard.pipeline.GuardPipeline;
import ai.ringrift.scheduler.FiredTriggerHook;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides fresh Quartz fires inside the job store's "trigger fired" transaction
 * ({@link GuardPipeline#admitWithin}): an admitted fire's ALLOW or RESIZE row is written on
 * Quartz's own connection and commits with the fire, so it costs no commit of its own and is never
 * durable without the fire (nor the fire without it). The admitted fire waits here, by fire
 * instance id, until {@link FireGate} takes it on the worker thread and acts
 * ({@link GuardPipeline#act}). A transaction that does not commit gives its fires' reservations
 * back; a fire Quartz completes without running gets an outcome row saying so. Fires this does
 * not admit (and every fire while the guard's database is not the job store's) take the ordinary
 * way through {@link FireGate}. Never throws.
 */
final class FiredTriggerDecisions implements FiredTriggerHook {

    private static final Logger LOG = LoggerFactory.getLogger(FiredTriggerDecisions.class);

    private final Scheduler scheduler;
    private final GuardPipeline pipeline;
    private final AuditLog audit;
    private final String auditUrl;
    /** Fires admitted in the current thread's open transaction. */
    private final ThreadLocal<List<Pending>> open = ThreadLocal.withInitial(ArrayList::new);
    /** Fires admitted in committed transactions, waiting for their worker thread. */
    private final ConcurrentMap<String, Admitted> admitted = new ConcurrentHashMap<>();
    /** Whether the job store's connections reach the audit log's database: decided on the first fire. */
    private volatile Boolean sameDatabase;
    private final java.util.concurrent.atomic.AtomicLong admittedInTransaction = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param auditUrl the JDBC URL of the audit log's database: fires are decided in the job
     *                 store's transaction only when its connection has the same URL
     */
    FiredTriggerDecisions(Scheduler scheduler, GuardPipeline pipeline, AuditLog audit, String auditUrl) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.auditUrl = Objects.requireNonNull(auditUrl, "auditUrl");
    }

    @Override
    public void fired(Connection connection, TriggerFiredBundle bundle) {
        try {
            if (bundle.isRecovering() || !sameDatabase(connection)) {
                return; // a recovered fire closes its dead run first (RecoveredFires): the ordinary way
            }
            JobExecutionContextImpl ctx = new JobExecutionContextImpl(scheduler, bundle, null);
            pipeline.admitWithin(QuartzFires.read(ctx), row -> audit.recordWithin(connection, row))
                    .ifPresent(a -> open.get().add(new Pending(bundle.getTrigger().getFireInstanceId(), a)));
        } catch (RuntimeException | Error e) {
            LOG.warn("guard: cannot decide on {} in the job store's transaction ({}); it is decided when it runs",
                    bundle.getJobDetail().getKey(), e.toString());
        }
    }

    @Override
    public void committed() {
        List<Pending> done = open.get();
        if (done.isEmpty()) {
            return;
        }
        for (Pending p : done) {
            admitted.put(p.fireInstanceId, p.admitted);
        }
        admittedInTransaction.addAndGet(done.size());
        done.clear();
    }

    @Override
    public void rolledBack() {
        List<Pending> undone = open.get();
        if (undone.isEmpty()) {
            return;
        }
        for (Pending p : undone) {
            pipeline.abandon(p.admitted);
        }
        undone.clear();
    }

    @Override
    public void completed(Connection connection, OperableTrigger trigger, JobDetail job) {
        Admitted a = trigger.getFireInstanceId() == null ? null : admitted.remove(trigger.getFireInstanceId());
        if (a != null) {
            pipeline.notRun(a, "admitted, but the scheduler completed the fire without running the job"
                    + " (its class could not be instantiated, or no worker thread took it)");
        }
    }

    /** The fire {@code fireInstanceId} admitted in the job store's transaction, taken once. */
    Optional<Admitted> take(String fireInstanceId) {
        return fireInstanceId == null ? Optional.empty() : Optional.ofNullable(admitted.remove(fireInstanceId));
    }

    /** Fires admitted in committed "trigger fired" transactions since the start. */
    long admittedInTransaction() {
        return admittedInTransaction.get();
    }

    /** Fires admitted and not yet taken (for tests and shutdown). */
    int waiting() {
        return admitted.size();
    }

    /** The guard stops: fires still waiting give their reservations back. */
    void close() {
        admitted.values().removeIf(a -> {
            pipeline.abandon(a);
            return true;
        });
    }

    private boolean sameDatabase(Connection connection) {
        Boolean same = sameDatabase;
        if (same == null) {
            try {
                same = auditUrl.equals(connection.getMetaData().getURL());
            } catch (SQLException | RuntimeException e) {
                same = false;
            }
            sameDatabase = same;
            if (!same) {
                LOG.info("guard: the Quartz job store and the audit log use different databases; each fire's"
                        + " decision is committed on its own");
            }
        }
        return same;
    }

    private record Pending(String fireInstanceId, Admitted admitted) {
    }
}
