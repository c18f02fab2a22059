package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.guard.caps.FleetCaps;
import ai.ringrift.guard.policy.DecisionEngine;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of the pipeline: what happened to an admitted fire, for Quartz (job listener)
 * and JobRunr (server filter) alike. The outcome row is written against the decision's key
 * (node, seq); the outcome feeds the job's breaker and releases the fire's reservation and its
 * cap slot (only on the node that made them). Never throws.
 */
public final class FireOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(FireOutcomes.class);
    private static final int TEXT_MAX = 2000;
    /** Error class of the outcome row of a fire the guard interrupted (EVICT). */
    public static final String INTERRUPTED = "INTERRUPTED";

    private final String nodeId;
    private final AuditTrail audit;
    private final DecisionEngine engine;
    private final Clock clock;
    private final FleetCaps caps;
    private final java.util.concurrent.ConcurrentMap<DecisionKey, String> running =
            new java.util.concurrent.ConcurrentHashMap<>();

    public FireOutcomes(String nodeId, AuditTrail audit, DecisionEngine engine, Clock clock) {
        this(nodeId, audit, engine, clock, FleetCaps.off(nodeId));
    }

    /** @param caps the node's caps, whose slots the outcomes give back */
    public FireOutcomes(String nodeId, AuditTrail audit, DecisionEngine engine, Clock clock, FleetCaps caps) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.caps = Objects.requireNonNull(caps, "caps");
    }

    public Clock clock() {
        return clock;
    }

    /** The admitted fire has started now (sharpens its reservation). */
    public void started(DecisionKey key, long reservationId) {
        started(key, null, reservationId);
    }

    /** The admitted fire of {@code jobName} has started now: counted as running until {@link #finished}. */
    public void started(DecisionKey key, String jobName, long reservationId) {
        if (jobName != null) {
            running.put(key, jobName);
        }
        try {
            if (nodeId.equals(key.node()) && reservationId != 0) {
                engine.onJobStarted(reservationId);
            }
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot note the start of decision {}: {}", key, e.toString());
        }
    }

    /**
     * The admitted fire has finished.
     *
     * @param error  what it threw, or null on success
     * @param result the job's result text, or null
     */
    public void finished(DecisionKey key, String jobGroup, String jobName, long reservationId, Instant startedAt,
                         Throwable error, Object result) {
        boolean success = error == null;
        running.remove(key);
        try {
            Instant finished = clock.instant();
            Instant start = startedAt == null ? finished : startedAt;
            if (key.written()) {
                audit.recordOutcome(OutcomeRow.of(key.seq(), jobGroup, cut(jobName, 200), start, finished, success,
                        error == null ? null : error.getClass().getName(),
                        error == null ? null : cut(String.valueOf(error.getMessage()), TEXT_MAX),
                        result == null ? null : cut(String.valueOf(result), TEXT_MAX)).withNodeId(key.node()));
            }
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot record the outcome of {}.{}: {}", jobGroup, jobName, e.toString());
        }
        if (nodeId.equals(key.node())) {
            caps.release(reservationId); // after the finish time is taken: a slot's fires never overlap
        }
        try {
            engine.onJobFinished(jobName, nodeId.equals(key.node()) ? reservationId : 0L, success);
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot feed the breaker of {}: {}", jobName, e.toString());
        }
    }

    /** Fires running in this process now, by job name (the node's heartbeat reports them). */
    public java.util.Map<String, Integer> running() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String job : running.values()) {
            counts.merge(job, 1, Integer::sum);
        }
        return counts;
    }

    /**
     * An admitted fire the guard interrupted (EVICT) has returned: its outcome row says so (not a
     * success, error class {@link #INTERRUPTED}, the EVICT row in the message, the job's result
     * text kept), and its reservation and probe are given back without feeding the breaker: the
     * job did not fail, the guard stopped it.
     */
    public void interrupted(DecisionKey key, String jobGroup, String jobName, long reservationId, Instant startedAt,
                            DecisionKey evictKey, Object result) {
        try {
            Instant finished = clock.instant();
            Instant start = startedAt == null ? finished : startedAt;
            if (key.written()) {
                audit.recordOutcome(OutcomeRow.of(key.seq(), jobGroup, cut(jobName, 200), start, finished, false,
                        INTERRUPTED, "interrupted by the guard at level 4 (EVICT decision " + evictKey.node() + "/"
                                + evictKey.seq() + "); its re-run is deferred",
                        result == null ? null : cut(String.valueOf(result), TEXT_MAX)).withNodeId(key.node()));
            }
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot record the outcome of {}.{}: {}", jobGroup, jobName, e.toString());
        }
        abandoned(key, jobName, reservationId);
    }

    /** An admitted fire will not run (another listener vetoed it): gives back its reservation, probe and cap slot. */
    public void abandoned(DecisionKey key, String jobName, long reservationId) {
        running.remove(key);
        try {
            if (nodeId.equals(key.node())) {
                caps.release(reservationId);
                engine.abandon(jobName, reservationId);
            }
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot release the reservation of {}: {}", jobName, e.toString());
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
