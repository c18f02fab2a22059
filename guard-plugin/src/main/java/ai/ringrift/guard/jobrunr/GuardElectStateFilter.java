package ai.ringrift.guard.jobrunr;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.guard.policy.Action;
import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.GuardRequest;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.AbstractJob;
import org.jobrunr.jobs.filters.ElectStateFilter;
import org.jobrunr.jobs.filters.JobClientFilter;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard for jobs that users enqueue in JobRunr directly. When a job is created enqueued, and on
 * every later ENQUEUED election (the PROCESSING election cannot move a job to SCHEDULED), it asks
 * the same engine: DEFER becomes
 * {@code job.scheduleAt(time, reason)}, visible in the dashboard, and JobRunr elects ENQUEUED again
 * when that time comes, so the guard decides anew; VETO deletes the job with the reason. The
 * declaration comes from {@code @Guarded} on the job's method or class, and a {@code priority:LOW}
 * style label overrides the priority. Uses the cached snapshot only (no I/O but the audit row).
 *
 * <p>Register JobRunr's {@code RetryFilter} next to it: one custom ElectStateFilter replaces
 * JobRunr's default filters, retries included.
 */
public final class GuardElectStateFilter implements ElectStateFilter, JobClientFilter {

    private static final Logger LOG = LoggerFactory.getLogger(GuardElectStateFilter.class);
    /** Audit job group of JobRunr jobs. */
    public static final String JOB_GROUP = "jobrunr";
    static final String REASON_PREFIX = "guard: ";

    private final Supplier<Guard> guard;

    public GuardElectStateFilter(Supplier<Guard> guard) {
        this.guard = guard;
    }

    /**
     * A job created directly in the ENQUEUED state is not elected (JobRunr runs only the client
     * filters on creation), so the guard decides here, before it is saved.
     */
    @Override
    public void onCreating(AbstractJob job) {
        if (job instanceof Job j && j.getJobStates().size() == 1 && j.getJobState() instanceof EnqueuedState) {
            onStateElection(j, j.getJobState());
        }
    }

    @Override
    public void onStateElection(Job job, JobState newState) {
        if (!(newState instanceof EnqueuedState) || isDeferral(job)) {
            return;
        }
        Guard g = guard.get();
        if (g == null) {
            return;
        }
        try {
            decide(g, job);
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot decide on JobRunr job {} ({}); it runs", job.getJobName(), e.toString());
        }
    }

    private void decide(Guard g, Job job) {
        JobDeclaration declaration = declarationOf(job);
        int attempt = (int) job.getJobStates().stream()
                .filter(s -> s instanceof ScheduledState ss && ss.getReason() != null
                        && ss.getReason().startsWith(REASON_PREFIX))
                .count();
        Snapshot snapshot = g.latest();
        Instant now = g.clock().instant();
        String name = cut(job.getJobName() == null ? job.getJobDetails().getClassName() : job.getJobName(), 200);
        Decision d = g.engine().decide(new GuardRequest(name, declaration, null, attempt + 1), snapshot);
        Action action = d.action();
        if (action == Action.DEFER && g.deferrals() != null && g.deferrals().exceedsLimit(attempt + 1)) {
            action = Action.VETO;
        }
        Instant runAt = action == Action.DEFER ? g.deferrals().runAt(attempt + 1, d.deferUntil()) : null;
        String decisionName = action == Action.RESIZE ? "ALLOW" : action.name();
        DecisionRow row = g.rows().row(JOB_GROUP, name, job.getId().toString(), attempt, declaration.priority(),
                decisionName, d, snapshot, now, runAt).build();
        g.audit().record(row);
        g.metrics().recordDecision(decisionName, declaration.priority().name(), d.reasonCode().name());
        if (action == Action.DEFER) {
            job.scheduleAt(runAt, REASON_PREFIX + d.sentence());
        } else if (action == Action.VETO) {
            job.delete(REASON_PREFIX + d.sentence());
        }
        if (d.admitted() && d.reservationId() != 0) {
            // JobRunr runs it soon; the reservation ends with the next snapshot taken after it starts
            g.engine().onJobStarted(d.reservationId());
        }
    }

    private static boolean isDeferral(Job job) {
        String cls = job.getJobDetails().getClassName();
        return DeferredFireHandler.class.getName().equals(cls) || DeferredFire.class.getName().equals(cls);
    }

    /** {@code @Guarded} on the method or class, then a {@code priority:X} label. */
    static JobDeclaration declarationOf(Job job) {
        JobDeclaration declaration = JobDeclaration.DEFAULT;
        try {
            Class<?> type = Class.forName(job.getJobDetails().getClassName(), false,
                    Thread.currentThread().getContextClassLoader());
            Guarded onMethod = null;
            for (Method m : type.getMethods()) {
                if (m.getName().equals(job.getJobDetails().getMethodName()) && m.isAnnotationPresent(Guarded.class)) {
                    onMethod = m.getAnnotation(Guarded.class);
                    break;
                }
            }
            if (onMethod != null) {
                declaration = JobDeclaration.fromAnnotation(onMethod);
            } else if (type.isAnnotationPresent(Guarded.class)) {
                declaration = JobDeclaration.forClass(type);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // keep the default: JobRunr will report the missing class itself
        }
        for (String label : job.getLabels()) {
            String l = label.toLowerCase(Locale.ROOT);
            if (l.startsWith("priority:")) {
                Priority p = Priority.parse(label.substring("priority:".length()));
                declaration = new JobDeclaration(p, declaration.needs(), declaration.resizableParam(),
                        declaration.resizableMin(), declaration.relieves());
            }
        }
        return declaration;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
