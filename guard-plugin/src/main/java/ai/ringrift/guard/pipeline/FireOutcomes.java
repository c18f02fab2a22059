package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.guard.policy.DecisionEngine;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of the pipeline: what happened to an admitted fire, for Quartz (job listener)
 * and JobRunr (server filter) alike. The outcome row is written against the decision's key
 * (node, seq); the outcome feeds the job's breaker and releases the fire's reservation (only on
 * the node that made it). Never throws.
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

    public FireOutcomes(String nodeId, AuditTrail audit, DecisionEngine engine, Clock clock) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Clock clock() {
        return clock;
    }

    /** The admitted fire has started now (sharpens its reservation). */
    public void started(DecisionKey key, long reservationId) {
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
        try {
            engine.onJobFinished(jobName, nodeId.equals(key.node()) ? reservationId : 0L, success);
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot feed the breaker of {}: {}", jobName, e.toString());
        }
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

    /** An admitted fire will not run (another listener vetoed it): gives back its reservation and probe. */
    public void abandoned(DecisionKey key, String jobName, long reservationId) {
        try {
            if (nodeId.equals(key.node())) {
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
