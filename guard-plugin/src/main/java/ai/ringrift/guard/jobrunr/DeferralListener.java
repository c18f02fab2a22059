package ai.ringrift.guard.jobrunr;

import ai.ringrift.db.deferral.PendingDeferral;

/** What the deferral service tells the guard (audit rows, metrics). All methods must not throw. */
public interface DeferralListener {

    /** {@code old} was replaced or made moot by a newer fire of the same job. */
    void superseded(PendingDeferral old, String why);

    /** A due deferral fired its Quartz job again. */
    default void refired(DeferredFire fire) {
    }

    /** A due deferral could not fire its job again (job deleted, ...), and is dropped. */
    default void dropped(DeferredFire fire, String why) {
    }

    DeferralListener NONE = (old, why) -> { };
}
