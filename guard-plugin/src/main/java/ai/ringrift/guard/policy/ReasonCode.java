package ai.ringrift.guard.policy;

/** Why a decision was taken; stored in the audit log and used as a metric tag. */
public enum ReasonCode {
    /** The level x priority table decided (including resizing). */
    LEVEL,
    /** The job's declared needs do not fit under the max limits (reservations included). */
    HEADROOM,
    /** The job's circuit breaker is open (or half-open with its probe already out). */
    BREAKER_OPEN,
    /** The node's spawn-rate token bucket is empty. */
    SPAWN_RATE,
    /** The snapshot is stale; the fail policy decided. */
    SENSOR_STALE,
    /** The guard itself failed; the fail policy decided. */
    GUARD_ERROR,
    /** Shadow mode: the job runs; the would-be decision is in {@link Decision#wouldBe()}. */
    SHADOW,
    /** A reclaim job relieving the worst resource: allowed whatever its priority. */
    RECLAIM,
    /** An emergency halt holds the node ({@code ringrift halt}, the halt file): fires below its bar wait. */
    HALT,
    /** A fleet-wide cap ({@code caps} in guard.yaml) has no free slot for the job: per node, fleet or spawn rate. */
    CAP
}
