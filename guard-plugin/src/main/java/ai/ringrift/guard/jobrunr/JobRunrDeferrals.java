package ai.ringrift.guard.jobrunr;

import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.pipeline.DeferralOutcome;
import ai.ringrift.guard.pipeline.DeferralRequest;
import ai.ringrift.guard.pipeline.Deferrals;
import ai.ringrift.guard.pipeline.Refire;
import ai.ringrift.guard.pipeline.RefireKeys;
import ai.ringrift.guard.pipeline.RefireRequest;
import ai.ringrift.scheduler.model.Priority;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default deferral store (DESIGN.md section 5): a deferral is a JobRunr scheduled job named
 * after the Quartz job, labelled with job and priority, whose scheduled-state reason is the
 * decision sentence: visible in the dashboard and kept across restarts. When due it fires the
 * Quartz job again through the pipeline's {@link Refire} (wired by the composition root, so this
 * package never sees Quartz) with the carried data and attempt, and the guard decides anew.
 *
 * <p>A deferral due now (a hand-off to the fleet) is saved ENQUEUED after its SCHEDULED state, so
 * the next poll of any node's JobRunr takes it without waiting for the master to promote it.
 *
 * <p>At most one pending deferral per job (table {@code guard_deferral}): a newer deferral of the
 * job replaces the older one (returned in the outcome: the pipeline writes its SUPERSEDED row).
 * A store failure throws out of {@link #defer}; the pipeline's {@code FallbackDeferrals} then
 * tries the one-shot Quartz trigger.
 */
public final class JobRunrDeferrals implements Deferrals {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunrDeferrals.class);
    private static final int LABEL_MAX = 45;

    private final DeferralStore store;
    private final StorageProvider jobrunr;
    private final Clock clock;
    private final String nodeId;
    private final Refire refire;
    /** Jobs this node knows to have a pending deferral: spares a query on every admitted fire. */
    private final Set<String> pendingHint = ConcurrentHashMap.newKeySet();

    public JobRunrDeferrals(DeferralStore store, StorageProvider jobrunr, Clock clock, String nodeId, Refire refire) {
        this.store = Objects.requireNonNull(store, "store");
        this.jobrunr = Objects.requireNonNull(jobrunr, "jobrunr");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.refire = Objects.requireNonNull(refire, "refire");
    }

    /** Loads the pending-deferral hint from the table (call once at start). */
    public JobRunrDeferrals loadPendingHint() {
        for (PendingDeferral d : pending()) {
            pendingHint.add(hintKey(d.jobGroup(), d.jobName()));
        }
        return this;
    }

    /**
     * Whether the job may have a pending deferral that this node knows of. False negatives are
     * possible for deferrals made by other nodes of a fleet; those are superseded by the next
     * deferral of the job, which always checks the table.
     */
    @Override
    public boolean mayHavePending(String jobGroup, String jobName) {
        return pendingHint.contains(hintKey(jobGroup, jobName));
    }

    private static String hintKey(String group, String name) {
        return group + "\u0000" + name;
    }

    /**
     * Stores the deferral: schedules the JobRunr job, records it as the job's pending deferral,
     * then removes the one it replaces. Throws when JobRunr or the table fails (nothing is left
     * behind then).
     */
    @Override
    public DeferralOutcome defer(DeferralRequest r, Instant runAt) {
        UUID id = UUID.randomUUID();
        try {
            Optional<PendingDeferral> old = store.find(r.jobGroup(), r.jobName());
            Job job = new Job(id, new JobDetails(new DeferredFire(r.jobGroup(), r.jobName(), r.attempt(), r.priority(),
                    r.firstDeferredAt().toEpochMilli(), r.data())), new ScheduledState(runAt, r.reason()));
            job.setJobName("guard deferral: " + r.jobGroup() + "." + r.jobName() + " (attempt " + r.attempt() + ")");
            job.setLabels(labels(r));
            if (!runAt.isAfter(clock.instant())) {
                job.enqueue(); // due now (a hand-off): straight to the queue, the next poll of any node takes it
            }
            jobrunr.save(job);
            store.put(new PendingDeferral(r.jobGroup(), r.jobName(), id, r.attempt(), r.priority(), r.reason(), nodeId,
                    r.decisionSeq(), r.firstDeferredAt(), clock.instant(), runAt));
            pendingHint.add(hintKey(r.jobGroup(), r.jobName()));
            PendingDeferral replaced = null;
            if (old.isPresent() && !old.get().jobrunrId().equals(id)) {
                deleteQuietly(old.get().jobrunrId(), "superseded by a newer deferral of the job");
                replaced = old.get();
            }
            return DeferralOutcome.stored(runAt, id, replaced);
        } catch (SQLException | RuntimeException e) {
            deleteQuietly(id, "deferral could not be recorded");
            throw new IllegalStateException("JobRunr deferral store: " + e, e);
        }
    }

    /** Removes the job's pending deferral, if any, because a newer fire replaces it. Never throws. */
    @Override
    public Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why) {
        try {
            Optional<PendingDeferral> old = store.find(jobGroup, jobName);
            pendingHint.remove(hintKey(jobGroup, jobName));
            if (old.isEmpty()) {
                return old;
            }
            if (store.remove(jobGroup, jobName, old.get().jobrunrId())) {
                deleteQuietly(old.get().jobrunrId(), why);
                return old;
            }
            return Optional.empty();
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
        Optional<PendingDeferral> pending = store.find(fire.getJobGroup(), fire.getJobName());
        if (pending.isEmpty() || !pending.get().jobrunrId().equals(deferralJobId)) {
            LOG.info("guard: deferral {} of {}.{} was superseded; not firing", deferralJobId, fire.getJobGroup(),
                    fire.getJobName());
            return;
        }
        Map<String, String> data = new LinkedHashMap<>(fire.getData());
        data.put(RefireKeys.FIRST_DEFERRED_AT, Long.toString(fire.getFirstDeferredAtEpochMs()));
        try {
            refire.schedule(new RefireRequest(fire.getJobGroup(), fire.getJobName(), data, fire.getAttempt(),
                    quartzPriority(fire.getPriority())), null, deferralJobId.toString());
        } catch (Refire.JobGoneException gone) {
            store.remove(fire.getJobGroup(), fire.getJobName(), deferralJobId);
            pendingHint.remove(hintKey(fire.getJobGroup(), fire.getJobName()));
            LOG.warn("guard: deferred fire of {}.{} dropped: {}", fire.getJobGroup(), fire.getJobName(),
                    gone.getMessage());
            return;
        }
        store.remove(fire.getJobGroup(), fire.getJobName(), deferralJobId);
        pendingHint.remove(hintKey(fire.getJobGroup(), fire.getJobName()));
    }

    /** The re-fire keeps the job's trigger priority (Quartz's default, 5, for an unknown name). */
    private static int quartzPriority(String priority) {
        try {
            return Priority.parse(priority).quartzPriority();
        } catch (IllegalArgumentException e) {
            return 5;
        }
    }

    /** Pending deferrals (soonest first), or empty when the database does not answer. */
    @Override
    public List<PendingDeferral> pending() {
        try {
            return store.all();
        } catch (SQLException e) {
            return List.of();
        }
    }

    /** Number of pending deferrals, or -1 when the database does not answer. */
    @Override
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
}
