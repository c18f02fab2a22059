package ai.ringrift.guard.pipeline;

import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.sample.Snapshot;
import java.time.Instant;

/**
 * A fire {@link GuardPipeline#admitWithin} admitted inside the job store's transaction: its
 * decision, the row's sequence, and what the decision saw. Handed back to
 * {@link GuardPipeline#act} when the fire runs, or to {@link GuardPipeline#abandon} /
 * {@link GuardPipeline#notRun} when it does not.
 */
public final class Admitted {

    final FireRequest request;
    final Decision decision;
    final long seq;
    final Snapshot snapshot;
    final Instant decidedAt;

    Admitted(FireRequest request, Decision decision, long seq, Snapshot snapshot, Instant decidedAt) {
        this.request = request;
        this.decision = decision;
        this.seq = seq;
        this.snapshot = snapshot;
        this.decidedAt = decidedAt;
    }

    public FireRequest request() {
        return request;
    }

    /** The decision row's sequence (written in the job store's transaction). */
    public long seq() {
        return seq;
    }

    /** ALLOW or RESIZE. */
    public String decisionName() {
        return decision.action().name();
    }
}
