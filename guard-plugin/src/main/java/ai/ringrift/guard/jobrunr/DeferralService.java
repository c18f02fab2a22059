package ai.ringrift.guard.jobrunr;

import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.quartz.QuartzRefire;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable deferral of Quartz fires through JobRunr (DESIGN.md section 5).
 *
 * <ul>
 *   <li>A deferral is a JobRunr scheduled job named after the Quartz job, labelled with its
 *       priority, whose scheduled-state reason is the decision sentence: visible in the dashboard
 *       and kept across restarts. When due, it fires the Quartz job again with the carried data
 *       map and attempt number, and the guard decides anew.</li>
 *   <li>At most one pending deferral per job (table {@code guard_deferral}): a newer fire supersedes
 *       the older deferral, which is deleted from JobRunr and reported to the listener.</li>
 *   <li>When JobRunr's storage fails, a one-shot Quartz trigger holds the deferral instead; when
 *       that fails too, {@link DeferralOutcome.Kind#FAILED} tells the caller to apply the fail
 *       policy. Never silently lost.</li>
 * </ul>
 */
public final class DeferralService {

    private static final Logger LOG = LoggerFactory.getLogger(DeferralService.class);
    private static final int LABEL_MAX = 45;

    private final DeferralStore store;
    private final StorageProvider jobrunr;
    private final DeferralSettings backoff;
    private final int maxDeferrals;
    private final Clock clock;
    private final DoubleSupplier random;
    private final String nodeId;
    private final DeferralListener listener;
    private volatile Scheduler quartz;
    /** Jobs this node knows to have a pending deferral: spares a query on every admitted fire. */
    private final java.util.Set<String> pendingHint = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DeferralService(DeferralStore store, StorageProvider jobrunr, DeferralSettings settings, Clock clock,
                           DoubleSupplier random, String nodeId, DeferralListener listener) {
        this.store = store;
        this.jobrunr = jobrunr;
        this.backoff = Problems.requireValid(settings, "deferral");
        this.maxDeferrals = settings.maxDeferrals();
        this.clock = clock;
        this.random = random;
        this.nodeId = nodeId;
        this.listener = listener;
    }

    /** The Quartz scheduler that re-fires run on (set when the plugin starts). */
    public void attach(Scheduler scheduler) {
        this.quartz = scheduler;
    }

    /** Loads the pending-deferral hint from the table (call once at start). */
    public void loadPendingHint() {
        for (PendingDeferral d : pending()) {
            pendingHint.add(hintKey(d.jobGroup(), d.jobName()));
        }
    }

    /**
     * Whether the job may have a pending deferral that this node knows of. False negatives are
     * possible for deferrals made by other nodes of a fleet; those are superseded by the next
     * deferral of the job, which always checks the table.
     */
    public boolean mayHavePending(String jobGroup, String jobName) {
        return pendingHint.contains(hintKey(jobGroup, jobName));
    }

    private static String hintKey(String group, String name) {
        return group + "\u0000" + name;
    }

    public int maxDeferrals() {
        return maxDeferrals;
    }

    /** True when deferral number {@code attempt} would pass {@code maxDeferrals}: drop the fire. */
    public boolean exceedsLimit(int attempt) {
        return attempt > maxDeferrals;
    }

    /** When deferral number {@code attempt} should re-fire, at the earliest {@code notBefore}. */
    public Instant runAt(int attempt, Instant notBefore) {
        Instant at = clock.instant().plus(backoff.delay(attempt, random));
        return notBefore != null && notBefore.isAfter(at) ? notBefore : at;
    }

    /**
     * Stores the deferral: supersedes the job's pending one, schedules the JobRunr job, records it.
     * Never throws; the outcome says where it went.
     */
    public DeferralOutcome defer(DeferralRequest r, Instant runAt) {
        supersede(r.jobGroup(), r.jobName(), "superseded by a newer fire deferred at attempt " + r.attempt());
        UUID id = UUID.randomUUID();
        try {
            Job job = new Job(id, new JobDetails(new DeferredFire(r.jobGroup(), r.jobName(), r.attempt(), r.priority(),
                    r.firstDeferredAt().toEpochMilli(), r.data())), new ScheduledState(runAt, r.reason()));
            job.setJobName("guard deferral: " + r.jobGroup() + "." + r.jobName() + " (attempt " + r.attempt() + ")");
            job.setLabels(labels(r));
            jobrunr.save(job);
            store.put(new PendingDeferral(r.jobGroup(), r.jobName(), id, r.attempt(), r.priority(), r.reason(), nodeId,
                    r.decisionSeq(), r.firstDeferredAt(), clock.instant(), runAt));
            pendingHint.add(hintKey(r.jobGroup(), r.jobName()));
            return new DeferralOutcome(DeferralOutcome.Kind.JOBRUNR, runAt, id, null);
        } catch (RuntimeException | SQLException e) {
            LOG.warn("guard: cannot store deferral of {}.{} in JobRunr ({}); falling back to a Quartz trigger",
                    r.jobGroup(), r.jobName(), e.toString());
            deleteQuietly(id, "deferral could not be recorded");
            return fallback(r, runAt, e);
        }
    }

    private DeferralOutcome fallback(DeferralRequest r, Instant runAt, Exception cause) {
        Scheduler s = quartz;
        if (s == null) {
            return new DeferralOutcome(DeferralOutcome.Kind.FAILED, runAt, null, cause.toString());
        }
        try {
            Map<String, String> data = carried(r.data(), r.firstDeferredAt());
            QuartzRefire.schedule(s, JobKey.jobKey(r.jobName(), r.jobGroup()), data, r.attempt(), Date.from(runAt),
                    r.quartzPriority());
            return new DeferralOutcome(DeferralOutcome.Kind.QUARTZ_FALLBACK, runAt, null, cause.toString());
        } catch (SchedulerException | RuntimeException e) {
            LOG.error("guard: deferral of {}.{} could not be stored in JobRunr ({}) nor as a Quartz trigger ({})",
                    r.jobGroup(), r.jobName(), cause, e.toString());
            return new DeferralOutcome(DeferralOutcome.Kind.FAILED, runAt, null, cause + "; " + e);
        }
    }

    /**
     * Removes the job's pending deferral, if any, because a newer fire replaces it or has run.
     * Never throws.
     */
    public Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why) {
        try {
            Optional<PendingDeferral> old = store.find(jobGroup, jobName);
            pendingHint.remove(hintKey(jobGroup, jobName));
            if (old.isEmpty()) {
                return old;
            }
            if (store.remove(jobGroup, jobName, old.get().jobrunrId())) {
                deleteQuietly(old.get().jobrunrId(), why);
                listener.superseded(old.get(), why);
            }
            return old;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("guard: cannot check pending deferral of {}.{}: {}", jobGroup, jobName, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Runs a due deferral (called inside JobRunr): when it is still the job's pending deferral,
     * schedules the re-fire. Idempotent: a retried run does not fire twice.
     */
    public void refire(DeferredFire fire, UUID deferralJobId) throws Exception {
        Scheduler s = quartz;
        if (s == null) {
            throw new IllegalStateException("the guard's Quartz scheduler is not started yet; JobRunr will retry");
        }
        Optional<PendingDeferral> pending = store.find(fire.getJobGroup(), fire.getJobName());
        if (pending.isEmpty() || !pending.get().jobrunrId().equals(deferralJobId)) {
            LOG.info("guard: deferral {} of {}.{} was superseded; not firing", deferralJobId, fire.getJobGroup(),
                    fire.getJobName());
            return;
        }
        JobKey key = JobKey.jobKey(fire.getJobName(), fire.getJobGroup());
        try {
            QuartzRefire.schedule(s, key, carried(fire.getData(), Instant.ofEpochMilli(fire.getFirstDeferredAtEpochMs())),
                    fire.getAttempt(), null, quartzPriority(fire.getPriority()),
                    TriggerKey.triggerKey(fire.getJobName() + "-" + deferralJobId, QuartzRefire.TRIGGER_GROUP));
            listener.refired(fire);
        } catch (ObjectAlreadyExistsException already) {
            LOG.debug("guard: re-fire of deferral {} already scheduled", deferralJobId);
        } catch (SchedulerException e) {
            if (!s.checkExists(key)) {
                store.remove(fire.getJobGroup(), fire.getJobName(), deferralJobId);
                listener.dropped(fire, "job no longer exists");
                return;
            }
            throw e;
        }
        store.remove(fire.getJobGroup(), fire.getJobName(), deferralJobId);
        pendingHint.remove(hintKey(fire.getJobGroup(), fire.getJobName()));
    }

    /** The re-fire keeps the job's trigger priority (Quartz's default, 5, for an unknown name). */
    private static int quartzPriority(String priority) {
        try {
            return ai.ringrift.scheduler.model.Priority.parse(priority).quartzPriority();
        } catch (IllegalArgumentException e) {
            return 5;
        }
    }

    /** Pending deferrals (soonest first), or empty when the database does not answer. */
    public List<PendingDeferral> pending() {
        try {
            return store.all();
        } catch (SQLException e) {
            return List.of();
        }
    }

    /** Number of pending deferrals, or -1 when the database does not answer. */
    public int pendingCount() {
        try {
            return store.count();
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Whether JobRunr still holds a scheduled job with this id (for tests and status). */
    public boolean isScheduledInJobRunr(UUID id) {
        try {
            return jobrunr.getJobById(id).getState() == StateName.SCHEDULED;
        } catch (JobNotFoundException e) {
            return false;
        }
    }

    private void deleteQuietly(UUID id, String why) {
        try {
            Job job = jobrunr.getJobById(id);
            if (job.getState() == StateName.SCHEDULED || job.getState() == StateName.ENQUEUED) {
                job.delete(why);
                jobrunr.save(job);
            }
        } catch (JobNotFoundException e) {
            // nothing to delete
        } catch (RuntimeException e) {
            LOG.debug("guard: cannot delete JobRunr job {}: {}", id, e.toString());
        }
    }

    private static Map<String, String> carried(Map<String, String> data, Instant firstDeferredAt) {
        Map<String, String> m = new LinkedHashMap<>(data);
        m.put(QuartzRefire.KEY_FIRST_DEFERRED_AT, Long.toString(firstDeferredAt.toEpochMilli()));
        return m;
    }

    private static List<String> labels(DeferralRequest r) {
        List<String> labels = new ArrayList<>(3);
        labels.add("guard-deferral");
        labels.add(cut("job:" + r.jobName()));
        labels.add(cut("priority:" + r.priority()));
        return labels;
    }

    private static String cut(String s) {
        return s.length() <= LABEL_MAX ? s : s.substring(0, LABEL_MAX);
    }

    /** Age of a deferral's original fire, for the deferral-age metric. */
    public Duration age(Instant firstDeferredAt) {
        return Duration.between(firstDeferredAt, clock.instant());
    }
}
