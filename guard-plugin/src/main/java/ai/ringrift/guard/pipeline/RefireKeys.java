package ai.ringrift.guard.pipeline;

/** Trigger-data keys a re-fire carries to the next decision on the same fire. */
public final class RefireKeys {

    /** How many times this fire has been deferred (string int). */
    public static final String ATTEMPT = "ringrift.attempt";
    /** When the original fire was first deferred (epoch ms). */
    public static final String FIRST_DEFERRED_AT = "ringrift.firstDeferredAt";

    /**
     * The re-run of a fire the guard interrupted (EVICT): the EVICT row's {@code node/seq}. Carried
     * on through later deferrals of the same fire, so level 4's table defers it instead of vetoing
     * it: evicted work is not lost ({@link FireRequest#evicted()}).
     */
    public static final String EVICTED = "ringrift.guard.evicted";

    /**
     * The in-flight re-fire a re-fire trigger carries: the id of the deferral claimed for it (its
     * {@code guard_refire} row). Not carried on: each re-fire has its own.
     */
    public static final String REFIRE = "ringrift.guard.refire";

    /** The data a deferral of {@code r} carries: its data, plus the evicted mark of an evicted fire. */
    public static java.util.Map<String, String> carriedBy(FireRequest r, String evictedBy) {
        if (evictedBy == null) {
            return r.carried();
        }
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>(r.carried());
        m.put(EVICTED, evictedBy);
        return m;
    }

    private RefireKeys() {
    }
}
