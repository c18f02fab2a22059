package ai.ringrift.guard.pipeline;

import ai.ringrift.db.deferral.PendingDeferral;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * How a deferral was stored.
 *
 * @param kind     STORED (the default store: a JobRunr scheduled job, visible in the dashboard),
 *                 FALLBACK (the default store failed; a one-shot Quartz trigger holds it), IN_PLACE
 *                 (the fire's own framework keeps it: a JobRunr job rescheduled), FAILED (nothing
 *                 holds it: the pipeline applies the fail policy and writes a correcting row) or
 *                 DUPLICATE (nothing was stored: the fire is an in-flight re-fire another fire of
 *                 which was decided first; the pipeline holds it back)
 * @param runAt    when it will re-fire
 * @param id       the stored deferral's id (a JobRunr job id), or null
 * @param error    what failed, or null
 * @param replaced the job's older pending deferral this one replaced (SUPERSEDED), or null
 */
public record DeferralOutcome(Kind kind, Instant runAt, UUID id, String error, PendingDeferral replaced) {

    public enum Kind { STORED, FALLBACK, IN_PLACE, FAILED, DUPLICATE }

    public DeferralOutcome {
        Objects.requireNonNull(kind, "kind");
    }

    public static DeferralOutcome stored(Instant runAt, UUID id, PendingDeferral replaced) {
        return new DeferralOutcome(Kind.STORED, runAt, id, null, replaced);
    }

    public static DeferralOutcome inPlace(Instant runAt) {
        return new DeferralOutcome(Kind.IN_PLACE, runAt, null, null, null);
    }

    public static DeferralOutcome failed(Instant runAt, String error) {
        return new DeferralOutcome(Kind.FAILED, runAt, null, error, null);
    }

    /** Nothing stored: the re-fire was decided already by another fire of it. */
    public static DeferralOutcome duplicate(Instant runAt, String error) {
        return new DeferralOutcome(Kind.DUPLICATE, runAt, null, error, null);
    }

    /** True when something durable holds the deferral. */
    public boolean held() {
        return kind != Kind.FAILED && kind != Kind.DUPLICATE;
    }
}
