package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.scheduler.SchedulerSettings;

/**
 * {@code quartz}: the scheduler itself.
 *
 * @param threadCount  worker threads (default 4)
 * @param clustered    JDBC clustering: auto (on for PostgreSQL, off for H2), on, off (default auto)
 * @param instanceName scheduler name shared by the nodes of a fleet (default {@code ringrift})
 */
public record QuartzConfig(int threadCount, Toggle clustered, String instanceName) implements Checked {

    @Override
    public void check(Problems p, String path) {
        Checks.between(p, Problems.path(path, "threadCount"), threadCount, 1, SchedulerSettings.MAX_THREAD_COUNT);
        if (instanceName == null || instanceName.isBlank()) {
            p.error(Problems.path(path, "instanceName"), "must not be empty (default ringrift)");
        } else if (instanceName.length() > SchedulerSettings.MAX_INSTANCE_NAME_LENGTH) {
            p.error(Problems.path(path, "instanceName"), "must be at most " + SchedulerSettings.MAX_INSTANCE_NAME_LENGTH
                    + " characters, what Quartz's tables hold (was " + instanceName.length() + ")");
        }
    }

    public static QuartzConfig defaults() {
        return new QuartzConfig(4, Toggle.AUTO, "ringrift");
    }
}
