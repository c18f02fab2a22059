package ai.ringrift.guard.pipeline;

import java.util.Locale;

/**
 * What went wrong with a deferral, counted by {@link DecisionSink#recordDeferralFailure} (metric
 * label {@code failure}) and each logged as an ERROR: none of them is silent.
 */
public enum DeferralFailure {
    /** Neither JobRunr nor the one-shot Quartz trigger could store a deferral: the fail policy decided (a correcting row). */
    STORE,
    /** An admitted fire could not supersede the job's pending deferral: the older one may still run. */
    SUPERSEDE,
    /** The fail policy deferred a fire whose row the audit log did not accept: deferred durably, without its DEFER row. */
    UNAUDITED,
    /** The fail policy deferred a fire, but neither a row nor a deferral could be stored: the fire is lost. */
    LOST;

    /** The metric label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
