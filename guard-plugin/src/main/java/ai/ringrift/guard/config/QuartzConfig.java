package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.scheduler.SchedulerSettings;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code quartz}: the scheduler itself, its cluster knobs, and a validated pass-through of further
 * {@code org.quartz.*} properties. The defaults spread frequent fires over the nodes of a fleet: with
 * an idle wait shorter than a job's period the node that just fired does not take the next fire
 * before the others poll, and a 2 s check-in finds a dead node in about 10 s (Quartz adds 7.5 s).
 *
 * @param threadCount      worker threads (default 4)
 * @param clustered        JDBC clustering: auto (on for PostgreSQL, off for H2), on, off (default auto)
 * @param instanceName     scheduler name shared by the nodes of a fleet (default {@code ringrift})
 * @param checkinInterval  {@code org.quartz.jobStore.clusterCheckinInterval}: how often a clustered node
 *                         checks in, at least 500 ms (default 2 s)
 * @param idleWait         {@code org.quartz.scheduler.idleWaitTime}: how far ahead an idle scheduler looks and
 *                         how often it polls; Quartz refuses less than 1 s (default 1 s)
 * @param batchMaxCount    {@code org.quartz.scheduler.batchTriggerAcquisitionMaxCount}: triggers taken per
 *                         acquisition, 1 to threadCount; above 1 the triggers are acquired under the lock (default 1)
 * @param batchWindow      {@code org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow}: how early a
 *                         batch may take a trigger (default 0 s)
 * @param misfireThreshold {@code org.quartz.jobStore.misfireThreshold}: how late a trigger may be before it
 *                         misfired, at least 1 s (default 60 s)
 * @param properties       further {@code org.quartz.*} properties, passed through; the keys ringrift sets
 *                         itself are refused (default none)
 */
public record QuartzConfig(int threadCount, Toggle clustered, String instanceName, Duration checkinInterval,
                           Duration idleWait, int batchMaxCount, Duration batchWindow, Duration misfireThreshold,
                           Map<String, String> properties) implements Checked {

    /** Keys ringrift sets itself (from the fields above, the database and the plugin): not passed through. */
    public static final List<String> OWNED_PREFIXES = List.of("org.quartz.scheduler.instanceName",
            "org.quartz.scheduler.instanceId", "org.quartz.scheduler.idleWaitTime",
            "org.quartz.scheduler.batchTriggerAcquisition", "org.quartz.threadPool.threadCount",
            "org.quartz.jobStore.class", "org.quartz.jobStore.driverDelegateClass", "org.quartz.jobStore.dataSource",
            "org.quartz.jobStore.tablePrefix", "org.quartz.jobStore.isClustered",
            "org.quartz.jobStore.clusterCheckinInterval", "org.quartz.jobStore.misfireThreshold",
            "org.quartz.jobStore.acquireTriggersWithinLock", "org.quartz.dataSource.", "org.quartz.plugin.guard.");

    public QuartzConfig {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties == null ? Map.of() : properties));
    }

    /** The settings before the cluster knobs: the knobs at their defaults. */
    public QuartzConfig(int threadCount, Toggle clustered, String instanceName) {
        this(threadCount, clustered, instanceName, Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ZERO,
                SchedulerSettings.DEFAULT_MISFIRE_THRESHOLD, Map.of());
    }

    @Override
    public void check(Problems p, String path) {
        Checks.between(p, Problems.path(path, "threadCount"), threadCount, 1, SchedulerSettings.MAX_THREAD_COUNT);
        if (instanceName == null || instanceName.isBlank()) {
            p.error(Problems.path(path, "instanceName"), "must not be empty (default ringrift)");
        } else if (instanceName.length() > SchedulerSettings.MAX_INSTANCE_NAME_LENGTH) {
            p.error(Problems.path(path, "instanceName"), "must be at most " + SchedulerSettings.MAX_INSTANCE_NAME_LENGTH
                    + " characters, what Quartz's tables hold (was " + instanceName.length() + ")");
        }
        Checks.atLeast(p, Problems.path(path, "checkinInterval"), checkinInterval, Duration.ofMillis(500));
        Checks.atLeast(p, Problems.path(path, "idleWait"), idleWait, Duration.ofSeconds(1));
        Checks.between(p, Problems.path(path, "batchMaxCount"), batchMaxCount, 1, Math.max(1, threadCount));
        Checks.notNegative(p, Problems.path(path, "batchWindow"), batchWindow);
        Checks.atLeast(p, Problems.path(path, "misfireThreshold"), misfireThreshold, Duration.ofSeconds(1));
        properties.forEach((key, value) -> {
            String kp = Problems.path(path, "properties." + key);
            if (!key.startsWith("org.quartz.")) {
                p.error(kp, "must be a Quartz property (org.quartz.*)");
            } else {
                for (String owned : OWNED_PREFIXES) {
                    if (key.startsWith(owned)) {
                        p.error(kp, "is set by ringrift (from quartz.threadCount, clustered, instanceName, "
                                + "checkinInterval, idleWait, batchMaxCount, batchWindow, misfireThreshold, node.id "
                                + "or the database); set that instead");
                        break;
                    }
                }
            }
        });
    }

    /** The Quartz properties these fields set (besides the job store and data source). */
    public Map<String, String> quartzProperties() {
        Map<String, String> m = new TreeMap<>(properties);
        m.put("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinInterval.toMillis()));
        m.put("org.quartz.scheduler.idleWaitTime", Long.toString(idleWait.toMillis()));
        m.put("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(batchMaxCount));
        m.put("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", Long.toString(batchWindow.toMillis()));
        if (batchMaxCount > 1) {
            m.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        }
        return m;
    }

    public static QuartzConfig defaults() {
        return new QuartzConfig(4, Toggle.AUTO, "ringrift");
    }
}
