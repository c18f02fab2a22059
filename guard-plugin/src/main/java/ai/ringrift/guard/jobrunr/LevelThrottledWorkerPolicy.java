package ai.ringrift.guard.jobrunr;

import ai.ringrift.scheduler.model.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.configuration.BackgroundJobServerWorkerPolicy;
import org.jobrunr.server.configuration.DefaultBackgroundJobServerWorkerPolicy;
import org.jobrunr.server.strategy.WorkDistributionStrategy;
import org.jobrunr.server.threadpool.JobRunrExecutor;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.navigation.AmountRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JobRunr's default worker policy, except that a node under pressure leaves the queue to
 * healthier nodes of the fleet for a while. The throttle is only a hint for distributing work:
 * the guard still decides on every job the node takes (a deferral re-fires its Quartz job and the
 * pipeline decides at that job's own level; a user job was decided when it was enqueued).
 *
 * <p>The node is <b>pressured</b> while its level of CPU, memory and disk (the GPU excluded:
 * it only counts for GPU jobs, which the guard defers itself) is at or above
 * {@code throttleLevel} (default 3, Heavy). A pressured node still asks for work when the oldest
 * ENQUEUED jobs (one page, JobRunr's own order) contain
 * <ul>
 *   <li>a CRITICAL job (its {@code @Guarded} declaration or {@code priority:CRITICAL} label, the
 *       label every deferral carries): CRITICAL work is never held by the throttle;</li>
 *   <li>a job that has waited ENQUEUED for at least {@code pickUpAfter} (default two poll
 *       intervals: every healthy node asks at least once per poll interval, so a job still waiting
 *       after two of them is one no healthy node took, and when every node is pressured the queue
 *       still moves).</li>
 * </ul>
 * Then it asks for its normal page. Running jobs are never affected. When the queue cannot be
 * read the node asks for its normal page (JobRunr's own fetch reports the storage error, and the
 * guard decides on whatever is taken).
 */
public final class LevelThrottledWorkerPolicy implements BackgroundJobServerWorkerPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(LevelThrottledWorkerPolicy.class);
    /** How many of the oldest ENQUEUED jobs a pressured node looks at per poll. */
    static final int PEEK = 100;

    private final DefaultBackgroundJobServerWorkerPolicy delegate;
    private final IntSupplier level;
    private final int throttleLevel;
    private final Duration pickUpAfter;
    private final Clock clock;

    /**
     * @param level       the node's level of CPU, memory and disk ({@code DecisionEngine::coreLevel})
     * @param pickUpAfter how long a job waits ENQUEUED before a pressured node takes it anyway
     */
    public LevelThrottledWorkerPolicy(int workerCount, IntSupplier level, int throttleLevel, Duration pickUpAfter,
                                      Clock clock) {
        this.delegate = new DefaultBackgroundJobServerWorkerPolicy(workerCount);
        this.level = Objects.requireNonNull(level, "level");
        this.throttleLevel = throttleLevel;
        this.pickUpAfter = Objects.requireNonNull(pickUpAfter, "pickUpAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The default bound: two poll intervals. */
    public static Duration defaultPickUpAfter(Duration pollInterval) {
        return pollInterval.multipliedBy(2);
    }

    @Override
    public WorkDistributionStrategy toWorkDistributionStrategy(BackgroundJobServer server) {
        return new Throttled(delegate.toWorkDistributionStrategy(server), server.getStorageProvider(), this);
    }

    @Override
    public JobRunrExecutor toJobRunrExecutor() {
        return delegate.toJobRunrExecutor();
    }

    /** True when the pressured node should still take work: a CRITICAL job, or one waiting too long. */
    boolean queueNeedsThisNode(List<Job> oldestEnqueued) {
        Instant overdue = clock.instant().minus(pickUpAfter);
        for (Job job : oldestEnqueued) {
            if (!job.getUpdatedAt().isAfter(overdue) || critical(job)) {
                return true;
            }
        }
        return false;
    }

    private static boolean critical(Job job) {
        try {
            return GuardElectStateFilter.declarationOf(job).priority() == Priority.CRITICAL;
        } catch (RuntimeException e) {
            return false; // an unreadable declaration: the guard reports it when the job is decided
        }
    }

    /** The strategy: the delegate's page request, or an empty one while pressured and nothing needs this node. */
    static final class Throttled implements WorkDistributionStrategy {
        private final WorkDistributionStrategy delegate;
        private final StorageProvider storage;
        private final LevelThrottledWorkerPolicy policy;
        private volatile String lastFailure;

        Throttled(WorkDistributionStrategy delegate, StorageProvider storage, LevelThrottledWorkerPolicy policy) {
            this.delegate = delegate;
            this.storage = storage;
            this.policy = policy;
        }

        @Override
        public int getWorkerCount() {
            return delegate.getWorkerCount();
        }

        @Override
        public AmountRequest getWorkPageRequest() {
            AmountRequest normal = delegate.getWorkPageRequest();
            if (normal.getLimit() == 0 || policy.level.getAsInt() < policy.throttleLevel) {
                return normal;
            }
            List<Job> oldest;
            try {
                oldest = storage.getJobList(StateName.ENQUEUED, new AmountRequest(normal.getOrder(), PEEK));
            } catch (RuntimeException e) {
                if (!e.toString().equals(lastFailure)) {
                    lastFailure = e.toString();
                    LOG.warn("guard: cannot look at JobRunr's queue ({}); this node takes its normal share", e.toString());
                }
                return normal;
            }
            lastFailure = null;
            return policy.queueNeedsThisNode(oldest) ? normal : new AmountRequest(normal.getOrder(), 0);
        }
    }
}
