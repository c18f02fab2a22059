package ai.ringrift.guard.jobrunr;

import java.time.Duration;
import java.util.Objects;

/**
 * How the guard runs JobRunr: its tables (own prefix, JobRunr creates them), its background server
 * and its dashboard.
 *
 * @param tablePrefix       prefix of JobRunr's tables (JobRunr keeps ownership and creates them)
 * @param pollInterval      how often the background server looks for work (JobRunr's minimum is 5 s)
 * @param workerCount       worker threads of the background server
 * @param serverName        name shown in the dashboard's server list
 * @param dashboardEnabled  start the dashboard
 * @param dashboardHost     interface the dashboard binds to (default loopback)
 * @param dashboardPort     port (0 = any free port)
 * @param dashboardUser     basic-auth user, empty for none (required beyond loopback)
 * @param dashboardPassword basic-auth password
 */
public record JobRunrSettings(String tablePrefix, Duration pollInterval, int workerCount, String serverName,
                              boolean dashboardEnabled, String dashboardHost, int dashboardPort,
                              String dashboardUser, String dashboardPassword) {

    public static final String DEFAULT_TABLE_PREFIX = "ringrift_";

    public JobRunrSettings {
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("jobrunr poll interval must be >= 5s (JobRunr's minimum), was " + pollInterval);
        }
        if (workerCount < 1) {
            throw new IllegalArgumentException("jobrunr worker count must be >= 1, was " + workerCount);
        }
        dashboardHost = dashboardHost == null || dashboardHost.isBlank() ? "127.0.0.1" : dashboardHost;
        dashboardUser = dashboardUser == null ? "" : dashboardUser;
        dashboardPassword = dashboardPassword == null ? "" : dashboardPassword;
        serverName = serverName == null || serverName.isBlank() ? "ringrift" : serverName;
    }

    /** How often the background server looks for work: JobRunr's minimum, for prompt re-fires. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

    /**
     * The guard's JobRunr on node {@code nodeId}: own table prefix, poll every 5 s (JobRunr's minimum,
     * for prompt re-fires), two workers, the dashboard as {@code guard.yaml}'s {@code dashboard}
     * section says (checked there).
     */
    public static JobRunrSettings forNode(String nodeId, boolean dashboardEnabled, String dashboardHost,
                                          int dashboardPort, String dashboardUser, String dashboardPassword) {
        return new JobRunrSettings(DEFAULT_TABLE_PREFIX, POLL_INTERVAL, 2, "ringrift-" + nodeId, dashboardEnabled,
                dashboardHost, dashboardPort, dashboardUser, dashboardPassword);
    }

    public static JobRunrSettings defaults() {
        return new JobRunrSettings(DEFAULT_TABLE_PREFIX, Duration.ofSeconds(15), 2, "ringrift", true,
                "127.0.0.1", 8000, "", "");
    }

    public JobRunrSettings withDashboard(boolean enabled, String host, int port) {
        return new JobRunrSettings(tablePrefix, pollInterval, workerCount, serverName, enabled, host, port,
                dashboardUser, dashboardPassword);
    }

    public JobRunrSettings withPollInterval(Duration interval) {
        return new JobRunrSettings(tablePrefix, interval, workerCount, serverName, dashboardEnabled, dashboardHost,
                dashboardPort, dashboardUser, dashboardPassword);
    }
}
