package ai.ringrift.guard.policy;

import ai.ringrift.guard.safety.BreakerState;
import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;

/** Something the engine's state did that the audit log and metrics want to know. */
public sealed interface GuardEvent {

    Instant at();

    /**
     * The host level (all resources, GPU included, with hysteresis) changed.
     *
     * @param worstResource the resource that sets the new level, {@code null} when nothing is measured
     * @param ratio         its ratio (NaN when nothing is measured)
     */
    record LevelChanged(int from, int to, Resource worstResource, double ratio, Instant at) implements GuardEvent {
    }

    /** A job's circuit breaker changed state. */
    record BreakerStateChanged(String jobName, BreakerState from, BreakerState to, Instant at) implements GuardEvent {
    }
}
