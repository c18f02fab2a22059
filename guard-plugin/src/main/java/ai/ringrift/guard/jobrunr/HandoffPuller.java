package ai.ringrift.guard.jobrunr;

import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.PendingDeferral;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Predicate;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node with room takes due deferrals of other nodes (hand-offs are due at once) without waiting
 * for its JobRunr poll: every {@link #pull} (once per registry refresh) it claims up to
 * {@code limit} of them and re-fires each here. The claim is JobRunr's own optimistic lock: the
 * deferral's JobRunr job, ENQUEUED or due, is rescheduled {@link #SAFETY_NET} later ("taken by
 * node X") and saved; when another node's worker (or puller) got to it first, the save fails and
 * this node leaves it. After the claim the re-fire goes the usual way
 * ({@link JobRunrDeferrals#refire}: only while it is still the job's pending deferral, idempotent
 * per deferral id), this node's scheduler thread, woken by the new trigger, fires it, and the
 * JobRunr job is deleted. A node that dies between the claim and the re-fire leaves the
 * rescheduled job behind: it runs {@link #SAFETY_NET} later on any node, so nothing is lost. A node
 * that could not run the deferral's priority now takes nothing.
 */
public final class HandoffPuller {

    private static final Logger LOG = LoggerFactory.getLogger(HandoffPuller.class);
    /** How long a claimed deferral's JobRunr job waits as the safety net of the claim. */
    static final java.time.Duration SAFETY_NET = java.time.Duration.ofMinutes(1);

    private final String nodeId;
    private final DeferralStore store;
    private final StorageProvider jobrunr;
    private final JobRunrDeferrals deferrals;
    private final Predicate<String> roomFor;
    private final int limit;
    private final Clock clock;

    /** @param roomFor whether this node could run a fire of the priority named now */
    public HandoffPuller(String nodeId, DeferralStore store, StorageProvider jobrunr, JobRunrDeferrals deferrals,
                         Predicate<String> roomFor, int limit, Clock clock) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.store = Objects.requireNonNull(store, "store");
        this.jobrunr = Objects.requireNonNull(jobrunr, "jobrunr");
        this.deferrals = Objects.requireNonNull(deferrals, "deferrals");
        this.roomFor = Objects.requireNonNull(roomFor, "roomFor");
        this.limit = limit;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Claims and re-fires due deferrals of other nodes; returns how many it took. Never throws. */
    public int pull() {
        int taken = 0;
        try {
            for (PendingDeferral d : store.dueFromOthers(nodeId, clock.instant(), limit)) {
                if (roomFor.test(d.priority()) && claim(d)) {
                    taken++;
                }
            }
        } catch (Exception e) {
            LOG.debug("guard: cannot take due deferrals of the fleet: {}", e.toString());
        }
        return taken;
    }

    private boolean claim(PendingDeferral d) throws Exception {
        Job job;
        try {
            job = jobrunr.getJobById(d.jobrunrId());
        } catch (JobNotFoundException e) {
            return false;
        }
        java.time.Instant now = clock.instant();
        boolean due = job.getState() == StateName.ENQUEUED || (job.getState() == StateName.SCHEDULED
                && !job.<org.jobrunr.jobs.states.ScheduledState>getJobState().getScheduledAt().isAfter(now));
        if (!due || job.getJobDetails().getJobParameters().isEmpty()
                || !(job.getJobDetails().getJobParameters().get(0).getObject() instanceof DeferredFire fire)) {
            return false;
        }
        job.scheduleAt(now.plus(SAFETY_NET), "guard: taken by node " + nodeId + ", which has room");
        try {
            jobrunr.save(job);
        } catch (ConcurrentJobModificationException e) {
            return false; // another node's worker or puller has it
        }
        deferrals.refire(fire, d.jobrunrId()); // a failure leaves the safety net to retry it
        try {
            Job done = jobrunr.getJobById(d.jobrunrId());
            done.delete("guard: re-fired on node " + nodeId);
            jobrunr.save(done);
        } catch (RuntimeException e) {
            LOG.debug("guard: cannot delete the taken deferral {}: {}", d.jobrunrId(), e.toString());
        }
        LOG.info("guard: took the deferral of {}.{} (attempt {}) from node {}", d.jobGroup(), d.jobName(),
                d.attempt(), d.nodeId());
        return true;
    }
}
