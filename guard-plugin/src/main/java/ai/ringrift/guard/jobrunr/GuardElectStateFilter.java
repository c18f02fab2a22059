package ai.ringrift.guard.jobrunr;

import ai.ringrift.guard.pipeline.DeferralOutcome;
import ai.ringrift.guard.pipeline.DeferralRequest;
import ai.ringrift.guard.pipeline.FirePort;
import ai.ringrift.guard.pipeline.FireRequest;
import ai.ringrift.guard.pipeline.FireSource;
import ai.ringrift.guard.pipeline.GuardPipeline;
import ai.ringrift.guard.pipeline.Verdict;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jobrunr.jobs.AbstractJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.ElectStateFilter;
import org.jobrunr.jobs.filters.JobClientFilter;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobRunr side of the pipeline, for jobs users enqueue in JobRunr directly. When a job is
 * created enqueued, and on every later ENQUEUED election (the PROCESSING election cannot move a
 * job to SCHEDULED), it translates the job into a request and lets the {@link GuardPipeline}
 * decide, audit and act: DEFER becomes {@code job.scheduleAt(time, reason)}, visible in the
 * dashboard (JobRunr elects ENQUEUED again when that time comes, so the guard decides anew); VETO
 * deletes the job with the reason; an admitted job carries its decision key in its metadata for
 * {@link JobRunrOutcomeFilter}. The declaration comes from {@code @Guarded} on the job's method or
 * class, and a {@code priority:LOW} style label overrides the priority; a label that names no
 * priority makes the job unreadable: GUARD_ERROR under the fail policy. Never throws.
 *
 * <p>Register JobRunr's {@code RetryFilter} next to it: one custom ElectStateFilter replaces
 * JobRunr's default filters, retries included.
 */
public final class GuardElectStateFilter implements ElectStateFilter, JobClientFilter {

    private static final Logger LOG = LoggerFactory.getLogger(GuardElectStateFilter.class);
    /** Audit job group of JobRunr jobs. */
    public static final String JOB_GROUP = "jobrunr";
    static final String REASON_PREFIX = "guard: ";
    /** Job metadata: node and audit sequence of the decision that admitted the job, and its reservation. */
    static final String META_NODE = "ringrift.decision.node";
    static final String META_SEQ = "ringrift.decision.seq";
    static final String META_RESERVATION = "ringrift.decision.reservation";

    private final GuardPipeline pipeline;

    public GuardElectStateFilter(GuardPipeline pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
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
        try {
            if (!(newState instanceof EnqueuedState) || isDeferral(job)) {
                return;
            }
            pipeline.fire(request(job), new Port(job));
        } catch (RuntimeException | Error e) {
            LOG.error("guard: cannot decide on JobRunr job {}: {}", job.getId(), e.toString());
        }
    }

    /** The job as a pipeline request; never throws (an unreadable job is a request with a problem). */
    static FireRequest request(Job job) {
        String name = nameOf(job);
        String id = job.getId().toString();
        int attempt = 0;
        Instant first = null;
        for (JobState s : job.getJobStates()) {
            if (s instanceof ScheduledState ss && ss.getReason() != null && ss.getReason().startsWith(REASON_PREFIX)) {
                attempt++;
                if (first == null) {
                    first = ss.getCreatedAt();
                }
            }
        }
        attempt += intOr(job.getMetadata().get(JobRunrRunning.META_ATTEMPTS_BEFORE));
        Object evicted = job.getMetadata().get(JobRunrRunning.META_EVICTED);
        try {
            return new FireRequest(JOB_GROUP, name, declarationOf(job), null, attempt, FireSource.JOBRUNR, id, first,
                    Priority.NORMAL.quartzPriority(), Map.of(), null, evicted == null ? null : String.valueOf(evicted));
        } catch (RuntimeException e) {
            return FireRequest.unreadable(JOB_GROUP, name, FireSource.JOBRUNR, id, attempt, first,
                    Priority.NORMAL.quartzPriority(), Map.of(), e);
        }
    }

    private static int intOr(Object v) {
        try {
            return v == null ? 0 : Math.max(0, Integer.parseInt(String.valueOf(v)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The audit and breaker name of a JobRunr job: its name, else its class. */
    static String nameOf(Job job) {
        String name = job.getJobName() == null ? job.getJobDetails().getClassName() : job.getJobName();
        return name.length() <= 200 ? name : name.substring(0, 200);
    }

    private static boolean isDeferral(Job job) {
        String cls = job.getJobDetails().getClassName();
        return DeferredFireHandler.class.getName().equals(cls) || DeferredFire.class.getName().equals(cls);
    }

    /** {@code @Guarded} on the method or class, then a {@code priority:X} label (which must name a priority). */
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
            if (label.toLowerCase(Locale.ROOT).startsWith("priority:")) {
                // an unknown name throws (the same message as a bad ringrift.priority key of a Quartz job)
                Priority p = Priority.parse(label.substring("priority:".length()));
                declaration = new JobDeclaration(p, declaration.needs(), declaration.resizableParam(),
                        declaration.resizableMin(), declaration.relieves());
            }
        }
        return declaration;
    }

    /** JobRunr's actions on the elected job. */
    private static final class Port implements FirePort {
        private final Job job;

        Port(Job job) {
            this.job = job;
        }

        @Override
        public void admit(Verdict v) {
            job.getMetadata().put(META_NODE, v.key().node());
            job.getMetadata().put(META_SEQ, Long.toString(v.key().seq()));
            job.getMetadata().put(META_RESERVATION, Long.toString(v.reservationId()));
        }

        @Override
        public void veto(Verdict v) {
            job.delete(REASON_PREFIX + v.decision().sentence());
        }

        @Override
        public DeferralOutcome deferInPlace(DeferralRequest request, Instant runAt) {
            job.scheduleAt(runAt, REASON_PREFIX + request.reason());
            return DeferralOutcome.inPlace(runAt);
        }
    }
}
