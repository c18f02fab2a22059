package ai.ringrift.guard.pipeline;

import java.time.Duration;

/**
 * Told by the pipeline after a decision took effect (metrics: {@code metrics.GuardMetrics}).
 * Called once per decision row written, so counters agree with the audit log. A sink that throws is
 * logged and ignored.
 */
public interface DecisionSink {

    /** A decision row: ALLOW, RESIZE, DEFER or VETO, the job's priority and the reason code. */
    default void recordDecision(String decision, String priority, String reason) {
    }

    /** A deferred fire ran: how long after its first deferral. */
    default void recordDeferralAge(Duration age) {
    }

    /** A fire was dropped after {@code maxDeferrals} (EXPIRED). */
    default void recordDeferralExpired() {
    }

    /** A deferral went wrong ({@link DeferralFailure}); the pipeline logged it as an ERROR. */
    default void recordDeferralFailure(DeferralFailure failure) {
    }
}
