package ai.ringrift.guard.pipeline;

import ai.ringrift.guard.policy.Decision;

/**
 * What the pipeline decided on one fire and did about it.
 *
 * @param request      the fire
 * @param decision     the decision that took effect (after the fail policy and maxDeferrals)
 * @param decisionName the audit row's decision: ALLOW, RESIZE, DEFER or VETO
 * @param key          the decision row's key (node, seq); seq 0 when no row could be written
 * @param runs         true when the fire runs now
 * @param grantedSize  the size to run with (RESIZE), or null
 * @param level        the level that counted (0-4; 0 when unknown)
 * @param diskLevel    the level of the disk reading alone (0-4), for cleanup jobs
 * @param deferral     where the deferral went (DEFER only), else null
 */
public record Verdict(FireRequest request, Decision decision, String decisionName, DecisionKey key, boolean runs,
                      Integer grantedSize, int level, int diskLevel, DeferralOutcome deferral) {

    /** The engine's reservation id of an admitted fire (0 when none): give it to the outcome. */
    public long reservationId() {
        return decision.reservationId();
    }
}
