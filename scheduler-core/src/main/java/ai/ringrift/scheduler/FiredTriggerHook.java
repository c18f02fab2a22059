package ai.ringrift.scheduler;

import java.sql.Connection;
import org.quartz.JobDetail;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Work done inside the job store's own transactions ({@link OutageAwareJobStore}), so that it
 * commits, or rolls back, together with Quartz's state and costs no commit of its own. The guard
 * writes a fire's decision row here: durable exactly when Quartz's "trigger fired" is.
 *
 * <p>All calls come on the thread that runs the transaction, between its start and its
 * {@link #committed}/{@link #rolledBack}. An implementation must not throw and must leave the
 * transaction usable (a statement that may fail runs under a savepoint): Quartz would otherwise
 * fail the fire and retry it again and again. Registered per scheduler name in {@link FiredTriggerHooks}.
 */
public interface FiredTriggerHook {

    /**
     * Inside the transaction that marks {@code bundle}'s trigger fired (Quartz's scheduler thread),
     * after Quartz's own statements, on their connection.
     */
    void fired(Connection connection, TriggerFiredBundle bundle);

    /**
     * Inside the transaction that completes a fire (the worker thread, after the job and the job
     * listeners; also for a fire that never ran because no job instance could be made).
     */
    void completed(Connection connection, OperableTrigger trigger, JobDetail job);

    /** The current thread's job-store transaction committed. */
    void committed();

    /**
     * The current thread's job-store transaction rolled back, or its commit failed (Quartz may
     * then find that the commit went through after all: the hook cannot know, and treats what it
     * did in the transaction as undone).
     */
    void rolledBack();
}
