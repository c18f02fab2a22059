package ai.ringrift.guard.jobrunr;

import java.util.function.IntSupplier;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.configuration.BackgroundJobServerWorkerPolicy;
import org.jobrunr.server.configuration.DefaultBackgroundJobServerWorkerPolicy;
import org.jobrunr.server.strategy.WorkDistributionStrategy;
import org.jobrunr.server.threadpool.JobRunrExecutor;
import org.jobrunr.storage.navigation.AmountRequest;

/**
 * JobRunr's default worker policy, except that a node whose degradation level is at or above
 * {@code throttleLevel} (default 3, Heavy) asks for no new work, so healthier nodes of the fleet
 * take the queue. It resumes as soon as the level falls. Running jobs are not affected.
 */
public final class LevelThrottledWorkerPolicy implements BackgroundJobServerWorkerPolicy {

    private final DefaultBackgroundJobServerWorkerPolicy delegate;
    private final IntSupplier level;
    private final int throttleLevel;

    public LevelThrottledWorkerPolicy(int workerCount, IntSupplier level, int throttleLevel) {
        this.delegate = new DefaultBackgroundJobServerWorkerPolicy(workerCount);
        this.level = level;
        this.throttleLevel = throttleLevel;
    }

    @Override
    public WorkDistributionStrategy toWorkDistributionStrategy(BackgroundJobServer server) {
        return new Throttled(delegate.toWorkDistributionStrategy(server), level, throttleLevel);
    }

    @Override
    public JobRunrExecutor toJobRunrExecutor() {
        return delegate.toJobRunrExecutor();
    }

    /** The strategy: the delegate's page request, or an empty one while throttled. */
    static final class Throttled implements WorkDistributionStrategy {
        private final WorkDistributionStrategy delegate;
        private final IntSupplier level;
        private final int throttleLevel;

        Throttled(WorkDistributionStrategy delegate, IntSupplier level, int throttleLevel) {
            this.delegate = delegate;
            this.level = level;
            this.throttleLevel = throttleLevel;
        }

        @Override
        public int getWorkerCount() {
            return delegate.getWorkerCount();
        }

        @Override
        public AmountRequest getWorkPageRequest() {
            AmountRequest normal = delegate.getWorkPageRequest();
            if (level.getAsInt() >= throttleLevel) {
                return new AmountRequest(normal.getOrder(), 0);
            }
            return normal;
        }
    }
}
