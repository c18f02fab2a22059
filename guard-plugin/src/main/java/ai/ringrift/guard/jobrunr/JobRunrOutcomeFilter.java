package ai.ringrift.guard.jobrunr;

import ai.ringrift.guard.eviction.RunningFire;
import ai.ringrift.guard.eviction.RunningFires;
import ai.ringrift.guard.pipeline.DecisionKey;
import ai.ringrift.guard.pipeline.FireOutcomes;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobRunr side of {@link FireOutcomes}: a server filter that writes the outcome of every job
 * the guard admitted (decision key from the job's metadata, see {@link GuardElectStateFilter})
 * when it succeeds or fails, so JobRunr outcomes feed the job's breaker and release its
 * reservation like Quartz ones. Each admitted job is in the node's {@link RunningFires} while it
 * processes (the evictor's choice, {@link JobRunrRunning}); one the guard interrupted gets an
 * outcome saying so. Never throws.
 */
public final class JobRunrOutcomeFilter implements JobServerFilter {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunrOutcomeFilter.class);

    private record Running(DecisionKey key, long reservationId, Instant startedAt) {
    }

    private final FireOutcomes outcomes;
    /** Jobs processing on this server; JobRunr clears the metadata on success, so it is read at the start. */
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    private final RunningFires fires;
    private final StorageProvider storage;

    public JobRunrOutcomeFilter(FireOutcomes outcomes) {
        this(outcomes, null, null);
    }

    /** With the node's running fires and JobRunr's storage (to stop an evicted job), both or neither. */
    public JobRunrOutcomeFilter(FireOutcomes outcomes, RunningFires fires, StorageProvider storage) {
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.fires = fires;
        this.storage = storage;
    }

    @Override
    public void onProcessing(Job job) {
        try {
            Map<String, Object> meta = job.getMetadata();
            Object node = meta.get(GuardElectStateFilter.META_NODE);
            Object seq = meta.get(GuardElectStateFilter.META_SEQ);
            if (node == null || seq == null) {
                return;
            }
            DecisionKey key = new DecisionKey(String.valueOf(node), Long.parseLong(String.valueOf(seq)));
            Object res = meta.get(GuardElectStateFilter.META_RESERVATION);
            long reservation = res == null ? 0 : Long.parseLong(String.valueOf(res));
            running.put(job.getId(), new Running(key, reservation, outcomes.clock().instant()));
            outcomes.started(key, reservation);
            if (fires != null && storage != null) {
                fires.started(new RunningFire(GuardElectStateFilter.request(job), outcomes.clock().instant(),
                        new JobRunrRunning(job.getId(), storage)));
            }
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot note the start of JobRunr job {}: {}", job.getId(), e.toString());
        }
    }

    @Override
    public void onProcessingSucceeded(Job job) {
        finish(job, null);
    }

    @Override
    public void onProcessingFailed(Job job, Exception e) {
        finish(job, e == null ? new IllegalStateException("failed") : e);
    }

    private void finish(Job job, Throwable error) {
        try {
            Running r = running.remove(job.getId());
            RunningFire ran = fires == null ? null : fires.finished(job.getId().toString()).orElse(null);
            if (r != null && ran != null && ran.evictedBy() != null) {
                outcomes.interrupted(r.key(), GuardElectStateFilter.JOB_GROUP, GuardElectStateFilter.nameOf(job),
                        r.reservationId(), r.startedAt(), ran.evictedBy(), error == null ? null : error.toString());
            } else if (r != null) {
                outcomes.finished(r.key(), GuardElectStateFilter.JOB_GROUP, GuardElectStateFilter.nameOf(job),
                        r.reservationId(), r.startedAt(), error, null);
            }
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot record the outcome of JobRunr job {}: {}", job.getId(), e.toString());
        }
    }
}
