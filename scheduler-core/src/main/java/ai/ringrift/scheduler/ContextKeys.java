package ai.ringrift.scheduler;

/**
 * Quartz {@code SchedulerContext} keys shared by the scheduler, the guard plugin, the product's
 * own jobs and the example jobs: each key is spelled here once.
 */
public final class ContextKeys {

    /** The {@code ai.ringrift.db.Database} the scheduler runs on. */
    public static final String DATABASE = "ringrift.database";

    private ContextKeys() {
    }
}
