package ai.ringrift.guard.policy;

import ai.ringrift.guard.safety.BreakerState;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The guard's answer for one fire of a job.
 *
 * @param action         what to do: ALLOW, RESIZE, DEFER or VETO (always ALLOW in shadow mode)
 * @param reasonCode     why ({@code SHADOW} in shadow mode, see {@link #wouldBeReason})
 * @param level          the level that counted for this job (0-4), -1 when unknown (guard error)
 * @param ratios         used % / max % of every measured resource (missing resources are absent)
 * @param worstResource  the resource that set the level for this job, {@code null} when none measured
 * @param worstRatio     its ratio, NaN when none
 * @param requestedSize  the resizable parameter's value as asked, {@code null} when not resizable
 * @param grantedSize    the value to run with, {@code null} when not resizable or not admitted
 * @param deferUntil     when to fire again (a hint), {@code null} unless the action is DEFER
 * @param sentence       one plain sentence for people (dashboard, JobRunr state reason)
 * @param shadow         true when shadow mode turned the would-be decision into ALLOW
 * @param wouldBe        the action the rules gave (equals {@code action} outside shadow mode)
 * @param wouldBeReason  the reason the rules gave (equals {@code reasonCode} outside shadow mode)
 * @param reservationId  the id of this admitted run, 0 when not admitted; pass it to
 *                       {@code onJobStarted}/{@code onJobFinished}
 * @param breakerState   the job's breaker state when decided ({@code CLOSED}, {@code OPEN},
 *                       {@code HALF_OPEN}), {@code UNKNOWN} on a guard error
 */
public record Decision(Action action, ReasonCode reasonCode, int level, Map<Resource, Double> ratios,
                       Resource worstResource, double worstRatio, Integer requestedSize, Integer grantedSize,
                       Instant deferUntil, String sentence, boolean shadow, Action wouldBe,
                       ReasonCode wouldBeReason, long reservationId, String breakerState) {

    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(ratios, "ratios");
        Objects.requireNonNull(sentence, "sentence");
        Objects.requireNonNull(wouldBe, "wouldBe");
        Objects.requireNonNull(wouldBeReason, "wouldBeReason");
        Objects.requireNonNull(breakerState, "breakerState");
    }

    /** True when the job runs (ALLOW or RESIZE). */
    public boolean admitted() {
        return action.admits();
    }

    /**
     * The decision when the guard itself failed: the fail policy's action for the priority, with
     * reason {@code GUARD_ERROR}, level -1 (unknown).
     */
    public static Decision guardError(FailPolicy policy, Priority priority, Throwable error, Instant now) {
        String what = error == null ? "unknown error"
                : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return guardError(policy, priority, what, now);
    }

    /** Like {@link #guardError(FailPolicy, Priority, Throwable, Instant)} with a message. */
    public static Decision guardError(FailPolicy policy, Priority priority, String message, Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(now, "now");
        Action a = policy.actionFor(priority);
        Instant until = a == Action.DEFER ? now.plus(policy.deferHint()) : null;
        String sentence = "guard error (" + message + "): " + priority + " job "
                + (a == Action.DEFER ? "deferred" : "allowed") + " by the fail policy";
        return new Decision(a, ReasonCode.GUARD_ERROR, -1, Map.of(), null, Double.NaN, null, null, until, sentence,
                false, a, ReasonCode.GUARD_ERROR, 0, "UNKNOWN");
    }

    /** This decision with another sentence. */
    public Decision withSentence(String newSentence) {
        return new Decision(action, reasonCode, level, ratios, worstResource, worstRatio, requestedSize, grantedSize,
                deferUntil, newSentence, shadow, wouldBe, wouldBeReason, reservationId, breakerState);
    }

    /** The breaker state as the enum, {@code null} when unknown. */
    public BreakerState breaker() {
        return "UNKNOWN".equals(breakerState) ? null : BreakerState.valueOf(breakerState);
    }
}
