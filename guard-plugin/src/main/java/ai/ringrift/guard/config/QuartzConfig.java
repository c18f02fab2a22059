package ai.ringrift.guard.config;

/**
 * {@code quartz}: the scheduler itself.
 *
 * @param threadCount  worker threads (default 4)
 * @param clustered    JDBC clustering: auto (on for PostgreSQL, off for H2), on, off (default auto)
 * @param instanceName scheduler name shared by the nodes of a fleet (default {@code ringrift})
 */
public record QuartzConfig(int threadCount, Toggle clustered, String instanceName) {

    public static QuartzConfig defaults() {
        return new QuartzConfig(4, Toggle.AUTO, "ringrift");
    }
}
