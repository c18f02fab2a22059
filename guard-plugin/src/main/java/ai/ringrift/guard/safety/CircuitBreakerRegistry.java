package ai.ringrift.guard.safety;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import ai.ringrift.guard.settings.Problems;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The circuit breakers of all jobs, by job name. A job without a breaker yet is CLOSED; its
 * breaker is created on its first recorded outcome, so looking up never allocates.
 */
public final class CircuitBreakerRegistry {

    private final BreakerSettings config;
    private final BreakerListener listener;
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public CircuitBreakerRegistry(BreakerSettings config, BreakerListener listener) {
        this.config = Problems.requireValid(Objects.requireNonNull(config, "config"), "breaker");
        this.listener = listener;
    }

    public BreakerSettings config() {
        return config;
    }

    /** The job's breaker, or {@code null} when it has none yet (CLOSED). */
    public CircuitBreaker get(String jobName) {
        return breakers.get(jobName);
    }

    /** The job's breaker, created CLOSED when absent. */
    public CircuitBreaker forJob(String jobName) {
        return breakers.computeIfAbsent(jobName, n -> new CircuitBreaker(n, config, listener));
    }

    /** The job's state at {@code nowMillis} (CLOSED when it has no breaker yet). */
    public BreakerState stateOf(String jobName, long nowMillis) {
        CircuitBreaker b = breakers.get(jobName);
        return b == null ? BreakerState.CLOSED : b.state(nowMillis);
    }

    /** Records the outcome of run {@code runId} of the job. */
    public void onFinished(String jobName, long runId, boolean success, long nowMillis) {
        forJob(jobName).onFinished(runId, success, nowMillis);
    }

    /** Closes the job's breaker (operator action). */
    public void reset(String jobName, long nowMillis) {
        CircuitBreaker b = breakers.get(jobName);
        if (b != null) {
            b.reset(nowMillis);
        }
    }

    /** The last changed state of every known breaker, sorted by job name (for dashboards). */
    public Map<String, BreakerState> states() {
        Map<String, BreakerState> m = new TreeMap<>();
        breakers.forEach((k, v) -> m.put(k, v.state()));
        return Collections.unmodifiableMap(m);
    }
}
