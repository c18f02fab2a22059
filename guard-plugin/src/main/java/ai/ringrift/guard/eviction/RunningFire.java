package ai.ringrift.guard.eviction;

import ai.ringrift.guard.pipeline.DecisionKey;
import ai.ringrift.guard.pipeline.FireRequest;
import ai.ringrift.guard.pipeline.RunningPort;
import java.time.Instant;
import java.util.Objects;

/**
 * One admitted fire while it runs, as the adapters register it in {@link RunningFires}: the fire
 * (job, declaration with priority and relieved resources, attempt, data for a re-run), when it
 * started and how to interrupt it. What the evictor did to it is kept here as well, so that its
 * outcome can say it was interrupted.
 */
public final class RunningFire {

    private final FireRequest request;
    private final Instant startedAt;
    private final RunningPort port;
    private volatile DecisionKey evictedBy;
    private volatile Instant interruptedAt;
    private volatile boolean passedOver;
    private volatile boolean ignoreReported;

    public RunningFire(FireRequest request, Instant startedAt, RunningPort port) {
        this.request = Objects.requireNonNull(request, "request");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.port = Objects.requireNonNull(port, "port");
    }

    public FireRequest request() {
        return request;
    }

    /** The registry's key: the framework's id of the fire. */
    public String fireId() {
        return request.fireId();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /**
     * The adapter's port, marking this fire interrupted just before the interrupt reaches it, so
     * that its outcome (written as soon as it returns) says it was interrupted.
     */
    RunningPort port(java.time.Clock clock) {
        return new RunningPort() {
            @Override
            public boolean interruptible() {
                return port.interruptible();
            }

            @Override
            public void interrupt(DecisionKey evictKey) throws Exception {
                interrupted(evictKey, clock.instant());
                try {
                    port.interrupt(evictKey);
                } catch (Exception | Error e) {
                    interrupted(null, null);
                    throw e;
                }
            }

            @Override
            public ai.ringrift.guard.pipeline.DeferralOutcome deferInPlace(
                    ai.ringrift.guard.pipeline.DeferralRequest request, Instant runAt) {
                return port.deferInPlace(request, runAt);
            }
        };
    }

    /** The EVICT row that interrupted this fire, or null when it was not interrupted. */
    public DecisionKey evictedBy() {
        return evictedBy;
    }

    public Instant interruptedAt() {
        return interruptedAt;
    }

    void interrupted(DecisionKey key, Instant at) {
        evictedBy = key;
        interruptedAt = at;
    }

    /** Reported once (shadow mode, not interruptible) and never chosen again. */
    boolean passedOver() {
        return passedOver;
    }

    void passOver() {
        passedOver = true;
    }

    boolean ignoreReported() {
        return ignoreReported;
    }

    void reportIgnore() {
        ignoreReported = true;
    }

    /** Whether the evictor may still choose this fire. */
    boolean candidate() {
        return evictedBy == null && !passedOver;
    }

    @Override
    public String toString() {
        return request.jobGroup() + "." + request.jobName() + "[" + request.priority() + ", " + request.fireId() + "]";
    }
}
