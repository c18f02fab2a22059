package ai.ringrift.guard.pipeline;

import java.time.Instant;

/**
 * What an adapter does with a verdict in its framework. The pipeline calls exactly one of
 * {@link #admit} or {@link #veto} per fire (or {@link #deferInPlace} and nothing else), always
 * after the decision's audit row is committed. Methods may throw; the pipeline turns a throw into
 * GUARD_ERROR under the fail policy.
 */
public interface FirePort {

    /** ALLOW or RESIZE: let the fire run (with {@link Verdict#grantedSize()} when resized). */
    void admit(Verdict verdict);

    /** The fire must not run now (VETO, an expired deferral, or a deferral nothing could hold). */
    void veto(Verdict verdict);

    /**
     * DEFER where the framework itself holds the fire durably (JobRunr: the job is rescheduled at
     * {@code runAt} with the reason, visible in the dashboard). Returns null when the fire must go
     * to the pipeline's {@link Deferrals} (Quartz).
     */
    default DeferralOutcome deferInPlace(DeferralRequest request, Instant runAt) {
        return null;
    }
}
