package ai.ringrift.guard.jobrunr;

import java.time.Instant;
import java.util.UUID;

/**
 * How a deferral was stored.
 *
 * @param kind      JOBRUNR (durable, visible in the dashboard), QUARTZ_FALLBACK (JobRunr storage
 *                  failed; a one-shot Quartz trigger holds it) or FAILED (both failed: the caller
 *                  applies the fail policy; the audit row already records the decision)
 * @param runAt     when it will re-fire
 * @param jobrunrId the JobRunr job id (JOBRUNR only)
 * @param error     what failed, or null
 */
public record DeferralOutcome(Kind kind, Instant runAt, UUID jobrunrId, String error) {

    public enum Kind { JOBRUNR, QUARTZ_FALLBACK, FAILED }
}
