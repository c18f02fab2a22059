package ai.ringrift.guard.jobrunr;

import ai.ringrift.guard.pipeline.DecisionKey;
import ai.ringrift.guard.pipeline.DeferralOutcome;
import ai.ringrift.guard.pipeline.DeferralRequest;
import ai.ringrift.guard.pipeline.RunningPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;
import java.util.UUID;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.storage.StorageProvider;

/**
 * A processing JobRunr job as the evictor sees it. JobRunr's own way to stop a processing job is
 * to delete it: at its next heartbeat of the job (every poll interval) the background server finds
 * it deleted in storage and interrupts the worker thread (JobRunr 8.7's
 * {@code DeletedWhileAnyOtherConcurrentStateChange}); the job stops if it honours
 * {@code Thread.interrupt()}. Any JobRunr job can be asked, so every one counts as interruptible;
 * one that ignores the interrupt is reported after the grace period. The re-run is a new job with
 * the same details, name and labels, scheduled with a {@code guard: } reason (visible in the
 * dashboard), its attempt and the EVICT row in its metadata.
 */
final class JobRunrRunning implements RunningPort {

    /** Job metadata: deferrals of the fire before this job (an evicted job's re-run is a new job). */
    static final String META_ATTEMPTS_BEFORE = "ringrift.attempts.before";
    /** Job metadata: the EVICT row ({@code node/seq}) whose re-run this job is. */
    static final String META_EVICTED = "ringrift.evicted";

    private final UUID jobId;
    private final StorageProvider storage;

    JobRunrRunning(UUID jobId, StorageProvider storage) {
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    @Override
    public boolean interruptible() {
        return true;
    }

    @Override
    public void interrupt(DecisionKey evictKey) {
        Job job = storage.getJobById(jobId);
        job.delete(GuardElectStateFilter.REASON_PREFIX + "evicted at level 4 (EVICT decision " + evictKey.node() + "/"
                + evictKey.seq() + ")");
        storage.save(job);
    }

    @Override
    public DeferralOutcome deferInPlace(DeferralRequest request, Instant runAt) {
        Job old = storage.getJobById(jobId);
        Job rerun = new Job(old.getJobDetails(), new ScheduledState(runAt,
                GuardElectStateFilter.REASON_PREFIX + request.reason()));
        rerun.setJobName(old.getJobName());
        rerun.setLabels(new ArrayList<>(old.getLabels()));
        rerun.setAmountOfRetries(old.getAmountOfRetries());
        rerun.getMetadata().put(META_ATTEMPTS_BEFORE, Integer.toString(request.attempt() - 1));
        rerun.getMetadata().put(META_EVICTED, request.data().getOrDefault(
                ai.ringrift.guard.pipeline.RefireKeys.EVICTED, "evicted"));
        storage.save(rerun);
        return DeferralOutcome.inPlace(runAt);
    }
}
