package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;

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
        Checks.atLeast(p, Problems.path(path, "threadCount"), threadCount, 1);
        if (instanceName == null || instanceName.isBlank()) {
            p.error(Problems.path(path, "instanceName"), "must not be empty (default ringrift)");
        }
    }

    public static QuartzConfig defaults() {
        return new QuartzConfig(4, Toggle.AUTO, "ringrift");
    }
}
