package ai.ringrift.scheduler;

import ai.ringrift.db.Database;
import ai.ringrift.db.Vendor;
import java.util.Properties;

/** Builds the Quartz properties for a JDBC job store over a {@link Database}. */
final class QuartzProperties {

    static final String STD_DELEGATE = "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
    static final String POSTGRESQL_DELEGATE = "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate";
    /**
     * How long Quartz waits before trying the database again after a failure (its scheduler thread,
     * misfire handler, cluster check-in and job-completion retries; Quartz's default is 15 s, which
     * held firing back long after the database returned). Override with
     * {@code org.quartz.jobStore.dbRetryInterval}.
     */
    static final java.time.Duration DB_RETRY_INTERVAL = java.time.Duration.ofSeconds(2);

    private QuartzProperties() {
    }

    /** The data source name the job store looks up in {@code DBConnectionManager}. */
    static String dataSourceName(SchedulerSettings settings) {
        return "ringrift." + settings.instanceName();
    }

    static boolean clustered(Vendor vendor, Clustering mode) {
        return switch (mode) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> vendor == Vendor.POSTGRESQL;
        };
    }

    static Properties of(Database database, SchedulerSettings settings) {
        boolean clustered = clustered(database.vendor(), settings.clustered());
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", settings.instanceName());
        p.setProperty("org.quartz.scheduler.instanceId", clustered ? "AUTO" : "NON_CLUSTERED");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threadCount()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", settings.instanceName() + "-worker");
        p.setProperty("org.quartz.jobStore.class", OutageAwareJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.dbRetryInterval", Long.toString(DB_RETRY_INTERVAL.toMillis()));
        p.setProperty("org.quartz.jobStore.driverDelegateClass",
                database.vendor() == Vendor.POSTGRESQL ? POSTGRESQL_DELEGATE : STD_DELEGATE);
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName(settings));
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(clustered));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(settings.misfireThreshold().toMillis()));
        p.putAll(settings.extra());
        return p;
    }
}
