package ai.ringrift.scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * How to run Quartz. {@code extra} holds any further {@code quartz.properties} lines and is merged
 * in last, so plugins ({@code org.quartz.plugin.NAME.class=...}), listeners
 * ({@code org.quartz.jobListener.NAME.class=...}) and overrides work as in any Quartz application.
 *
 * @param instanceName      Quartz scheduler name (the {@code SCHED_NAME} of its rows), default {@code ringrift}
 * @param threadCount       worker threads, default 4
 * @param clustered         clustering mode, default {@link Clustering#AUTO} (on for PostgreSQL)
 * @param misfireThreshold  how late a trigger may be before it counts as misfired, default 60 s
 * @param extra             further Quartz properties, merged last (copied)
 */
public record SchedulerSettings(String instanceName, int threadCount, Clustering clustered,
                                Duration misfireThreshold, Properties extra) {

    public static final String DEFAULT_INSTANCE_NAME = "ringrift";
    public static final int DEFAULT_THREAD_COUNT = 4;
    /** The most worker threads ({@code quartz.threadCount}). */
    public static final int MAX_THREAD_COUNT = 1000;
    /** The longest scheduler name ({@code quartz.instanceName}): Quartz's tables hold 120 characters. */
    public static final int MAX_INSTANCE_NAME_LENGTH = 120;
    /** Connections the scheduler needs besides one per worker: scheduler thread, misfire handler, cluster check-in. */
    public static final int EXTRA_CONNECTIONS = 3;
    public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(60);

    public SchedulerSettings {
        instanceName = instanceName == null ? DEFAULT_INSTANCE_NAME : instanceName.trim();
        if (instanceName.isEmpty() || instanceName.length() > MAX_INSTANCE_NAME_LENGTH) {
            throw new IllegalArgumentException("scheduler.instanceName must be 1 to " + MAX_INSTANCE_NAME_LENGTH
                    + " characters, was '" + instanceName + "'");
        }
        if (threadCount < 1 || threadCount > MAX_THREAD_COUNT) {
            throw new IllegalArgumentException("scheduler.threadCount must be between 1 and " + MAX_THREAD_COUNT
                    + ", was " + threadCount);
        }
        clustered = clustered == null ? Clustering.AUTO : clustered;
        misfireThreshold = misfireThreshold == null ? DEFAULT_MISFIRE_THRESHOLD : misfireThreshold;
        if (misfireThreshold.isNegative() || misfireThreshold.toMillis() < 1) {
            throw new IllegalArgumentException("scheduler.misfireThreshold must be at least 1 ms, was " + misfireThreshold);
        }
        Properties copy = new Properties();
        if (extra != null) {
            copy.putAll(extra);
        }
        extra = copy;
    }

    /** Database connections a scheduler with {@code threadCount} workers needs at least. */
    public static int connectionsNeeded(int threadCount) {
        return threadCount + EXTRA_CONNECTIONS;
    }

    /** Name {@code ringrift}, 4 threads, clustering AUTO, misfire threshold 60 s, no extra properties. */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(DEFAULT_INSTANCE_NAME, DEFAULT_THREAD_COUNT, Clustering.AUTO,
                DEFAULT_MISFIRE_THRESHOLD, new Properties());
    }

    public SchedulerSettings withInstanceName(String name) {
        return new SchedulerSettings(name, threadCount, clustered, misfireThreshold, extra);
    }

    public SchedulerSettings withThreadCount(int count) {
        return new SchedulerSettings(instanceName, count, clustered, misfireThreshold, extra);
    }

    public SchedulerSettings withClustered(Clustering mode) {
        return new SchedulerSettings(instanceName, threadCount, mode, misfireThreshold, extra);
    }

    public SchedulerSettings withMisfireThreshold(Duration threshold) {
        return new SchedulerSettings(instanceName, threadCount, clustered, threshold, extra);
    }

    /** These settings plus one more Quartz property (merged last). */
    public SchedulerSettings withProperty(String key, String value) {
        Properties p = new Properties();
        p.putAll(extra);
        p.setProperty(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new SchedulerSettings(instanceName, threadCount, clustered, misfireThreshold, p);
    }

    /** These settings plus several more Quartz properties (merged last). */
    public SchedulerSettings withProperties(Properties more) {
        Properties p = new Properties();
        p.putAll(extra);
        p.putAll(more);
        return new SchedulerSettings(instanceName, threadCount, clustered, misfireThreshold, p);
    }

    /** A copy of the extra properties (the record's own copy stays private to it). */
    @Override
    public Properties extra() {
        Properties p = new Properties();
        p.putAll(extra);
        return p;
    }
}
