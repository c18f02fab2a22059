package ai.ringrift.guard.pipeline;

/**
 * What the EVICT step did to one running fire.
 *
 * @param kind what happened
 * @param key  the EVICT row's key (seq 0 when no row was written)
 */
public record EvictResult(Kind kind, DecisionKey key) {

    public enum Kind {
        /** Interrupted and its re-run deferred durably (EVICT, reason LEVEL). */
        EVICTED,
        /** Interrupted, but no store took its re-run (EVICT, then a GUARD_ERROR row saying so). */
        EVICTED_NOT_DEFERRED,
        /** Shadow mode: audited as a would-be eviction (EVICT, reason SHADOW); nothing interrupted. */
        SHADOWED,
        /** The fire cannot be interrupted: reported (EVICT, reason NOT_INTERRUPTIBLE) and left running. */
        NOT_INTERRUPTIBLE,
        /** Nothing acted: the audit row could not be written, or the interrupt failed (correcting row). */
        NOT_DONE
    }

    /** True when the fire was asked to stop. */
    public boolean interrupted() {
        return kind == Kind.EVICTED || kind == Kind.EVICTED_NOT_DEFERRED;
    }
}
