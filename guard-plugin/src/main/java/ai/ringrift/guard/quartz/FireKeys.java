package ai.ringrift.guard.quartz;

/**
 * Keys the guard writes into a fire's merged JobDataMap (for the job to read in
 * {@code execute()}) and into the {@code JobExecutionContext} (for its own job listener).
 */
public final class FireKeys {

    /** Merged map: the degradation level that counted for this fire (string 0-4). */
    public static final String LEVEL = "ringrift.guard.level";
    /** Merged map: the level from disk alone (string 0-4), for cleanup jobs. */
    public static final String DISK_LEVEL = "ringrift.guard.diskLevel";
    /** Merged map: audit sequence number of this fire's decision. */
    public static final String DECISION_SEQ = "ringrift.guard.decisionSeq";
    /** Merged map: the decision (ALLOW or RESIZE). */
    public static final String DECISION = "ringrift.guard.decision";

    /** Context: the engine's reservation id (Long). */
    static final String CTX_RESERVATION = "ringrift.guard.reservation";
    /** Context: the decision's key (pipeline DecisionKey: node, seq). */
    static final String CTX_KEY = "ringrift.guard.decisionKey";
    /** Context: the fire as the pipeline saw it (pipeline FireRequest), for the running-fires registry. */
    static final String CTX_REQUEST = "ringrift.guard.request";
    /** Context: when execute() began (Instant). */
    static final String CTX_STARTED = "ringrift.guard.started";

    private FireKeys() {
    }
}
