package ai.ringrift.guard.jobrunr;

import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.PendingDeferral;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Predicate;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node with room takes due deferrals of other nodes (hand-offs are due at once) without waiting
 * for its JobRunr poll: every {@link #pull} (once per registry refresh) it claims up to
 * {@code limit} of them and re-fires each ({@link JobRunrDeferrals#refire}). The claim is the
 * deferral's row: one transaction removes it and records the re-fire in flight, so of several
 * nodes and JobRunr workers exactly one gets it, and a node that dies before the claim commits
 * leaves the deferral due for the next one. The deferral's JobRunr job is then deleted (a worker
 * that runs it meanwhile finds it claimed). A node that could not run the deferral now takes
 * nothing: its level does not let the priority run, it is halted, or the job's cap is full on
 * it ({@code roomFor}). A JobRunr job deleted in the dashboard, failed or finished is not taken.
 */
public final class HandoffPuller {

    private static final Logger LOG = LoggerFactory.getLogger(HandoffPuller.class);

    private final String nodeId;
    private final DeferralStore store;
    private final StorageProvider jobrunr;
    private final JobRunrDeferrals deferrals;
    private final Predicate<PendingDeferral> roomFor;
    private final int limit;
    private final Clock clock;

    /** @param roomFor whether this node could run the deferred fire now */
    public HandoffPuller(String nodeId, DeferralStore store, StorageProvider jobrunr, JobRunrDeferrals deferrals,
                         Predicate<PendingDeferral> roomFor, int limit, Clock clock) {
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
                if (roomFor.test(d) && claim(d)) {
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
        StateName state = job.getState();
        boolean waiting = state == StateName.SCHEDULED || state == StateName.ENQUEUED || state == StateName.PROCESSING;
        if (!waiting || job.getJobDetails().getJobParameters().isEmpty()
                || !(job.getJobDetails().getJobParameters().get(0).getObject() instanceof DeferredFire fire)) {
            return false;
        }
        if (!deferrals.refire(fire, d.jobrunrId())) {
            return false; // another node or a JobRunr worker claimed it first
        }
        try {
            Job done = jobrunr.getJobById(d.jobrunrId());
            if (done.getState() == StateName.SCHEDULED || done.getState() == StateName.ENQUEUED) {
                done.delete("guard: re-fired on node " + nodeId);
                jobrunr.save(done);
            }
        } catch (RuntimeException e) {
            LOG.debug("guard: cannot delete the taken deferral {}: {}", d.jobrunrId(), e.toString());
        }
        LOG.info("guard: took the deferral of {}.{} (attempt {}) from node {}", d.jobGroup(), d.jobName(),
                d.attempt(), d.nodeId());
        return true;
    }
}
