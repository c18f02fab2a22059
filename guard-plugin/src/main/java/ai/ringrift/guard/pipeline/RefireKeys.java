package ai.ringrift.guard.pipeline;

/** Trigger-data keys a re-fire carries to the next decision on the same fire. */
public final class RefireKeys {

    /** How many times this fire has been deferred (string int). */
    public static final String ATTEMPT = "ringrift.attempt";
    /** When the original fire was first deferred (epoch ms). */
    public static final String FIRST_DEFERRED_AT = "ringrift.firstDeferredAt";

    private RefireKeys() {
    }
}
