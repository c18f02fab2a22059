package ai.ringrift.guard.safety;

/** The state of one job's circuit breaker. */
public enum BreakerState {
    /** Runs are allowed; outcomes are counted. */
    CLOSED,
    /** Runs are vetoed until the open time has passed. */
    OPEN,
    /** Exactly one probe run is let through; its outcome closes or re-opens the breaker. */
    HALF_OPEN
}
