package ai.ringrift.guard.policy;

import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;

/**
 * Why the host level is what it is: the resource that sets it, the level its ratio alone would
 * give, and, when hysteresis holds the level higher, how it comes down.
 *
 * @param resource       the worst resource
 * @param level          the level it holds (with hysteresis)
 * @param readingLevel   the level of its current ratio alone
 * @param ratio          its current ratio (used % / max %)
 * @param fallBelowRatio the ratio it must stay below for the dwell time before the level falls
 *                       (the level's lower edge minus the margin); NaN at level 0
 * @param heldUntil      when the level falls at the earliest if the ratio stays below
 *                       {@code fallBelowRatio}; null when it is not held, or when the ratio is not
 *                       yet below it (the dwell has not begun)
 */
public record LevelHold(Resource resource, int level, int readingLevel, double ratio, double fallBelowRatio,
                        Instant heldUntil) {

    /** True when hysteresis keeps the level above what the current reading alone would give. */
    public boolean held() {
        return level > readingLevel;
    }
}
