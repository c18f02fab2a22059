package ai.ringrift.guard.safety;

import java.time.Instant;

/** Told about every breaker state change. Called outside the breaker's lock. */
@FunctionalInterface
public interface BreakerListener {
    void onStateChange(String jobName, BreakerState from, BreakerState to, Instant at);
}
