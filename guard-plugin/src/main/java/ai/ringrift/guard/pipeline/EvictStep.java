package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.guard.sample.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's EVICT step ({@link GuardPipeline#evict}): audit first, then act. An EVICT row's
 * reason code says what happened: {@code LEVEL} interrupted and deferred, {@code SHADOW} a would-be
 * eviction (nothing interrupted), {@code NOT_INTERRUPTIBLE} reported and left running,
 * {@code IGNORED_INTERRUPT} an interrupted fire still running past the grace period (reported, not
 * killed). When the interrupt or the deferral fails a {@code GUARD_ERROR} EVICT row says so, so the
 * audit's last row on the fire is what really happened. Never throws.
 */
final class EvictStep {

    private static final Logger LOG = LoggerFactory.getLogger(EvictStep.class);
    static final String EVICT = "EVICT";

    private final String nodeId;
    private final boolean shadow;
    private final AuditTrail audit;
    private final AuditRows rows;
    private final Deferrals deferrals;
    private final Backoff backoff;
    private final Consumer<Consumer<DecisionSink>> sinks;
    private final Clock clock;
    private final DoubleSupplier random;

    EvictStep(String nodeId, boolean shadow, AuditTrail audit, AuditRows rows, Deferrals deferrals, Backoff backoff,
              Consumer<Consumer<DecisionSink>> sinks, Clock clock, DoubleSupplier random) {
        this.nodeId = nodeId;
        this.shadow = shadow;
        this.audit = audit;
        this.rows = rows;
        this.deferrals = deferrals;
        this.backoff = backoff;
        this.sinks = sinks;
        this.clock = clock;
        this.random = random;
    }

    EvictResult evict(FireRequest r, String why, int level, Snapshot snapshot, RunningPort port) {
        Instant now = clock.instant();
        if (shadow) {
            long seq = record(r, "SHADOW", "[shadow mode: not interrupted] " + why, level, snapshot, now, null);
            return result(seq == 0 ? EvictResult.Kind.NOT_DONE : EvictResult.Kind.SHADOWED, seq);
        }
        boolean interruptible;
        try {
            interruptible = port.interruptible();
        } catch (RuntimeException | Error e) {
            interruptible = false;
        }
        if (!interruptible) {
            LOG.warn("guard: {}.{} cannot be interrupted (level {}); left running", r.jobGroup(), r.jobName(), level);
            long seq = record(r, "NOT_INTERRUPTIBLE", why + "; not interruptible (a Quartz job must implement"
                    + " InterruptableJob): left running", level, snapshot, now, null);
            return result(EvictResult.Kind.NOT_INTERRUPTIBLE, seq);
        }
        int attempt = r.attempt() + 1;
        Instant runAt = now.plus(backoff.delay(attempt, random));
        String sentence = why + "; re-runs from " + runAt + " (attempt " + attempt + ")";
        long seq = record(r, "LEVEL", sentence, level, snapshot, now, runAt);
        if (seq == 0) {
            return result(EvictResult.Kind.NOT_DONE, 0); // nothing acts unaudited
        }
        try {
            port.interrupt(new DecisionKey(nodeId, seq));
        } catch (Exception | Error e) {
            LOG.error("guard: cannot interrupt {}.{}: {}; left running", r.jobGroup(), r.jobName(), e.toString());
            record(r, "GUARD_ERROR", "guard error (cannot interrupt after EVICT: " + e + "): left running", level,
                    snapshot, now, null);
            return result(EvictResult.Kind.NOT_DONE, seq);
        }
        LOG.warn("guard: evicted {}.{}: {}", r.jobGroup(), r.jobName(), sentence);
        DeferralRequest req = new DeferralRequest(r.jobGroup(), r.jobName(), r.priority().name(), r.quartzPriority(),
                RefireKeys.carriedBy(r, nodeId + "/" + seq), attempt, sentence, null, seq, r.firstDeferredAt() == null ? now : r.firstDeferredAt());
        DeferralOutcome outcome;
        try {
            outcome = port.deferInPlace(req, runAt);
            if (outcome == null) {
                outcome = deferrals.defer(req, runAt);
            }
        } catch (RuntimeException | Error e) {
            outcome = DeferralOutcome.failed(runAt, e.toString());
        }
        if (!outcome.held()) {
            LOG.error("guard: the re-run of evicted {}.{} could not be stored ({}); it will not re-run",
                    r.jobGroup(), r.jobName(), outcome.error());
            record(r, "GUARD_ERROR", "guard error (the re-run could not be stored after EVICT: " + outcome.error()
                    + "): interrupted, will not re-run", level, snapshot, now, null);
            return result(EvictResult.Kind.EVICTED_NOT_DEFERRED, seq);
        }
        return result(EvictResult.Kind.EVICTED, seq);
    }

    /** An interrupted fire still runs past the grace period: reported, never killed. */
    DecisionKey ignored(FireRequest r, long evictSeq, Duration since, int level, Snapshot snapshot) {
        LOG.warn("guard: {}.{} still runs {} after its interrupt (EVICT {}); it is not killed", r.jobGroup(),
                r.jobName(), since, evictSeq);
        long seq = record(r, "IGNORED_INTERRUPT", "still running " + since.toSeconds() + " s after its interrupt"
                + " (EVICT decision " + evictSeq + "); reported, not killed", level, snapshot, clock.instant(), null);
        return new DecisionKey(nodeId, seq);
    }

    /** Commits an EVICT row and counts it; 0 when it could not be written. */
    private long record(FireRequest r, String reason, String sentence, int level, Snapshot snapshot, Instant now,
                        Instant deferUntil) {
        DecisionRow row = rows.lifecycle(r.jobGroup(), r.jobName(), r.attempt(), r.priority().name(), EVICT, reason,
                sentence, level, snapshot, now).fireInstanceId(r.fireId()).deferUntil(deferUntil).build();
        long seq;
        try {
            seq = audit.record(row);
        } catch (RuntimeException | Error e) {
            LOG.error("guard: cannot write the EVICT row of {}.{} ({}); nothing is interrupted", r.jobGroup(),
                    r.jobName(), e.toString());
            return 0;
        }
        sinks.accept(s -> s.recordDecision(EVICT, r.priority().name(), reason));
        return seq;
    }

    private EvictResult result(EvictResult.Kind kind, long seq) {
        return new EvictResult(kind, new DecisionKey(nodeId, seq));
    }
}
