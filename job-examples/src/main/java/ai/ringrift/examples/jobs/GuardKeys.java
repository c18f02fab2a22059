package ai.ringrift.examples.jobs;

import ai.ringrift.scheduler.ContextKeys;

/**
 * Keys the guard writes into the merged JobDataMap before {@code execute()} (when it knows them),
 * and SchedulerContext keys the daemon fills.
 */
public final class GuardKeys {

    /** Degradation level 0-4 the guard decided with (string int). */
    public static final String LEVEL = "ringrift.guard.level";
    /** Level computed from the disk reading alone (string int 0-4). */
    public static final String DISK_LEVEL = "ringrift.guard.diskLevel";
    /** SchedulerContext key holding the {@code ai.ringrift.db.Database}. */
    public static final String DATABASE = ContextKeys.DATABASE;

    private GuardKeys() {
    }
}
