package ai.ringrift.guard.caps;

import ai.ringrift.db.cap.CapAttempt;

/**
 * What {@link FleetCaps#acquire} found for one fire.
 *
 * @param rule     the cap covering the job, or null when none does
 * @param attempt  what the store did, or null when no cap covers the job
 * @param sentence why the fire was refused (naming the cap), or null when it may run
 */
public record CapCheck(CapRule rule, CapAttempt attempt, String sentence) {

    /** The job is not capped. */
    public static final CapCheck NOT_CAPPED = new CapCheck(null, null, null);

    /** True when a cap refused the fire. */
    public boolean refused() {
        return sentence != null;
    }
}
