package ai.ringrift.scheduler;

/**
 * Quartz {@code SchedulerContext} keys shared by the scheduler, the guard plugin, the product's
 * own jobs and the example jobs: each key is spelled here once.
 */
public final class ContextKeys {

    /** The {@code ai.ringrift.db.Database} the scheduler runs on. */
    public static final String DATABASE = "ringrift.database";
    /** The data directory jobs write under (a String path; guard.yaml {@code sampling.dataDir}). */
    public static final String DATA_DIR = "ringrift.dataDir";

    private ContextKeys() {
    }
}
