package ai.ringrift.guard.jobrunr;

import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.InFlightRefire;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.pipeline.DeferralAudit;
import ai.ringrift.guard.pipeline.DeferralOutcome;
import ai.ringrift.guard.pipeline.DeferralRequest;
import ai.ringrift.guard.pipeline.Deferrals;
import ai.ringrift.guard.pipeline.Refire;
import ai.ringrift.guard.pipeline.RefireKeys;
import ai.ringrift.guard.pipeline.RefireRequest;
import ai.ringrift.scheduler.model.Priority;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
 * <p>A due deferral's re-fire is in flight from its claim until its decision is durable (table
 * {@code guard_refire}): the decision settles it (with the new deferral when it is deferred again),
 * and one whose trigger was lost with a dead node is fired again ({@link #refire},
 * {@link #recoverRefires}), so a claimed deferral is neither lost nor run twice.
 *
 * <p>At most one pending deferral per job, decided by the database (table {@code guard_deferral},
 * {@link DeferralStore#replace}): a newer deferral of the job replaces the older one (returned in
 * the outcome: the pipeline writes its SUPERSEDED row), on any node and under concurrency; the
 * older JobRunr job is only deleted once its replacement is stored. A due deferral re-fires only
 * while its row still names it ({@link DeferralStore#claim}), so a superseded one never runs. A
 * store failure throws out of {@link #defer}; the pipeline's {@code FallbackDeferrals} then tries
 * the one-shot Quartz trigger. {@link #reconciled} notices deferrals removed outside the guard
 * (deleted in the dashboard) and audits them DROPPED.
 */
public final class JobRunrDeferrals implements Deferrals {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunrDeferrals.class);
    private static final int LABEL_MAX = 45;
    /** A deferral run earlier than this before its time was requeued by hand. */
    private static final Duration EARLY = Duration.ofSeconds(1);
    /**
     * How long a claimed re-fire may be in flight before {@link #recoverRefires} looks at its
     * trigger: longer than a claim takes from its commit to scheduling the trigger.
     */
    public static final Duration REFIRE_GRACE = Duration.ofSeconds(5);

    private final DeferralStore store;
    private final StorageProvider jobrunr;
    private final Clock clock;
    private final String nodeId;
    private final Refire refire;
    private final DeferralAudit audit;

    /**
     * @param audit where DROPPED and REQUEUED rows go
     */
    public JobRunrDeferrals(DeferralStore store, StorageProvider jobrunr, Clock clock, String nodeId, Refire refire,
                            DeferralAudit audit) {
        this.store = Objects.requireNonNull(store, "store");
        this.jobrunr = Objects.requireNonNull(jobrunr, "jobrunr");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.refire = Objects.requireNonNull(refire, "refire");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Stores the deferral: schedules the JobRunr job, makes it the job's pending deferral in the
     * table (which returns the one it replaced), then deletes the replaced JobRunr job. Throws when
     * JobRunr or the table fails; nothing is left behind then and the older deferral stays.
     */
    @Override
    public DeferralOutcome defer(DeferralRequest r, Instant runAt) {
        UUID id = UUID.randomUUID();
        try {
            Job job = new Job(id, new JobDetails(new DeferredFire(r.jobGroup(), r.jobName(), r.attempt(), r.priority(),
                    r.firstDeferredAt().toEpochMilli(), r.data())), new ScheduledState(runAt, r.reason()));
            job.setJobName(r.title());
            job.setLabels(labels(r));
            if (!runAt.isAfter(clock.instant())) {
                job.enqueue(); // due now (a hand-off): straight to the queue, the next poll of any node takes it
            }
            jobrunr.save(job);
            Optional<PendingDeferral> old;
            try {
                old = store.replace(new PendingDeferral(r.jobGroup(), r.jobName(), id, r.attempt(), r.priority(),
                        r.reason(), nodeId, r.decisionSeq(), r.firstDeferredAt(), clock.instant(), runAt),
                        r.refireId());
            } catch (DeferralStore.RefireSettledException duplicate) {
                deleteQuietly(id, "a duplicate re-fire: not deferred");
                return DeferralOutcome.duplicate(runAt, duplicate.getMessage());
            }
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

    /**
     * Removes the job's pending deferral, if any, because a newer fire replaces it; asks the
     * database every time (a deferral made on another node counts). Throws when the table does
     * not answer: the pipeline reports it, it does not pass for "none pending".
     */
    @Override
    public Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why) {
        try {
            Optional<PendingDeferral> old = store.find(jobGroup, jobName);
            if (old.isPresent() && store.remove(jobGroup, jobName, old.get().jobrunrId())) {
                deleteQuietly(old.get().jobrunrId(), why);
                return old;
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot supersede the pending deferral of " + jobGroup + "." + jobName
                    + ": " + e, e);
        }
    }

    /**
     * Runs a due deferral (called inside JobRunr, and by {@link HandoffPuller}): when its row still
     * names it, claims it: in one transaction the row goes and the re-fire is recorded in flight
     * ({@code guard_refire}, {@link DeferralStore#claim}); then the re-fire's trigger is scheduled,
     * carrying the in-flight id ({@link RefireKeys#REFIRE}) that its decision settles. Idempotent:
     * of concurrent runs (JobRunr workers, pullers of other nodes) exactly one claims it. Should
     * this node die before the trigger is scheduled, or the node that fires it before deciding,
     * {@link #recoverRefires} fires it again. A run well before its time was requeued by hand
     * (audited REQUEUED). Returns whether this call claimed it.
     */
    public boolean refire(DeferredFire fire, UUID deferralJobId) throws Exception {
        String group = fire.getJobGroup();
        String name = fire.getJobName();
        Optional<PendingDeferral> row = store.find(group, name).filter(p -> p.jobrunrId().equals(deferralJobId));
        Map<String, String> data = new LinkedHashMap<>(fire.getData());
        data.put(RefireKeys.FIRST_DEFERRED_AT, Long.toString(fire.getFirstDeferredAtEpochMs()));
        data.put(RefireKeys.REFIRE, deferralJobId.toString());
        int priority = quartzPriority(fire.getPriority());
        RefireRequest request = new RefireRequest(group, name, data, fire.getAttempt(), priority);
        boolean claimed = row.isPresent() && store.claim(group, name, deferralJobId, new InFlightRefire(
                deferralJobId.toString(), group, name, fire.getAttempt(), priority, data, nodeId, clock.instant(), 0));
        if (!claimed) {
            LOG.info("guard: deferral {} of {}.{} was superseded or claimed by another run; not firing", deferralJobId,
                    group, name);
            return false;
        }
        try {
            refire.schedule(request, null, deferralJobId.toString());
        } catch (Refire.JobGoneException gone) {
            store.refireDecided(deferralJobId.toString());
            LOG.warn("guard: deferred fire of {}.{} dropped: {}", group, name, gone.getMessage());
        } catch (Exception e) {
            LOG.warn("guard: the re-fire of {}.{} is claimed but its trigger cannot be scheduled now ({}); it is "
                    + "fired again within {}", group, name, e.toString(), REFIRE_GRACE);
        }
        if (clock.instant().isBefore(row.get().runAt().minus(EARLY))) {
            audit.requeued(row.get(), "was run by hand before its time (" + row.get().runAt() + ")");
        }
        return true;
    }

    /**
     * Settles the in-flight re-fire {@code refireId}: its decision is durable. False when it was
     * settled already (this fire is a duplicate).
     */
    @Override
    public boolean refireDecided(String jobGroup, String jobName, String refireId) {
        try {
            return store.refireDecided(refireId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot settle the re-fire " + refireId + " of " + jobGroup + "." + jobName
                    + ": " + e, e);
        }
    }

    /** Whether the re-fire {@code refireId} is still in flight (not settled by a decision). */
    @Override
    public boolean refireInFlight(String jobGroup, String jobName, String refireId) {
        try {
            return store.refireInFlight(refireId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell whether the re-fire " + refireId + " of " + jobGroup + "."
                    + jobName + " is in flight: " + e, e);
        }
    }

    /**
     * Fires again the re-fires in flight for longer than {@link #REFIRE_GRACE} whose trigger is
     * gone although no decision settled them: the node that fired the trigger died before
     * deciding (Quartz's recovery of that node drops the fire of a job that does not request
     * recovery), or the claimer died before scheduling it. Each is taken over under its row's
     * lock, so a decision in progress waits and another node's recovery takes none twice; a fire
     * of it that still comes later is a duplicate and held back. Returns how many it fired again;
     * never throws.
     */
    public int recoverRefires(int limit) {
        int n = 0;
        try {
            for (InFlightRefire f : store.inFlight(clock.instant().minus(REFIRE_GRACE), limit)) {
                RefireRequest request = new RefireRequest(f.jobGroup(), f.jobName(), f.data(), f.attempt(),
                        f.quartzPriority());
                boolean again;
                try {
                    again = store.reclaim(f, nodeId, clock.instant(), () -> refire.scheduleIfGone(request,
                            f.refireId()));
                } catch (Refire.JobGoneException gone) {
                    store.refireDecided(f.refireId());
                    LOG.warn("guard: deferred fire of {}.{} dropped: {}", f.jobGroup(), f.jobName(), gone.getMessage());
                    continue;
                }
                if (again) {
                    n++;
                    LOG.warn("guard: the re-fire of {}.{} (attempt {}, claimed by {} at {}) was never decided and its "
                            + "trigger is gone (that node died?); fired again by {}", f.jobGroup(), f.jobName(),
                            f.attempt(), f.nodeId(), f.claimedAt(), nodeId);
                }
            }
        } catch (Exception e) {
            LOG.debug("guard: cannot recover the re-fires in flight: {}", e.toString());
        }
        return n;
    }

    /**
     * The pending deferrals after reconciling them with JobRunr: a row whose JobRunr job is gone,
     * deleted (in the dashboard) or failed will never re-fire; it is removed and audited DROPPED
     * (once, by the node whose conditional delete wins). Soonest first.
     */
    public List<PendingDeferral> reconciled() throws SQLException {
        List<PendingDeferral> all = store.all();
        List<PendingDeferral> kept = new ArrayList<>(all.size());
        for (PendingDeferral p : all) {
            String lost = lostBecause(p.jobrunrId());
            if (lost == null) {
                kept.add(p);
            } else if (store.remove(p.jobGroup(), p.jobName(), p.jobrunrId())) {
                LOG.warn("guard: deferral {} of {}.{} {}; it will not re-fire", p.jobrunrId(), p.jobGroup(),
                        p.jobName(), lost);
                audit.dropped(p, lost + " (not by the guard); it will not re-fire");
            }
        }
        return kept;
    }

    /** Why the JobRunr job of a pending deferral will never re-fire, or null while it still may. */
    private String lostBecause(UUID id) {
        try {
            StateName state = jobrunr.getJobById(id).getState();
            return switch (state) {
                case DELETED -> "was deleted in JobRunr";
                case FAILED -> "failed in JobRunr";
                default -> null;
            };
        } catch (JobNotFoundException e) {
            return "is gone from JobRunr";
        }
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
