package ai.ringrift.guard.jobrunr;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunrMicroMeterIntegration;
import org.jobrunr.jobs.filters.JobFilter;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.StorageProviderUtils.DatabaseOptions;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's JobRunr: storage on the scheduler's database (JobRunr creates and owns its tables,
 * under a prefix), a background server whose onboarding is throttled by the degradation level, the
 * schedulers, and the dashboard bound to loopback by default. Built from instances rather than
 * JobRunr's static {@code JobRunr.configure()}, so several can live in one JVM (tests) and
 * nothing global is replaced. In a fleet every node runs one of these on the same tables
 * (JobRunr's multi-server mode).
 */
public final class JobRunrRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunrRuntime.class);

    private final StorageProvider storage;
    private final JsonMapper json;
    private final BackgroundJobServer server;
    private final JobRequestScheduler requestScheduler;
    private final JobScheduler jobScheduler;
    private final LoopbackDashboard dashboard;
    private final JobRunrMicroMeterIntegration metrics;
    private final java.util.concurrent.ScheduledExecutorService watchdog;
    private volatile boolean closed;

    private JobRunrRuntime(StorageProvider storage, JsonMapper json, BackgroundJobServer server,
                           JobRequestScheduler requestScheduler, JobScheduler jobScheduler,
                           LoopbackDashboard dashboard, JobRunrMicroMeterIntegration metrics) {
        this.storage = storage;
        this.json = json;
        this.server = server;
        this.requestScheduler = requestScheduler;
        this.jobScheduler = jobScheduler;
        this.dashboard = dashboard;
        this.metrics = metrics;
        this.watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringrift-jobrunr-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::restartIfStopped, WATCHDOG_PERIOD_S, WATCHDOG_PERIOD_S,
                java.util.concurrent.TimeUnit.SECONDS);
    }

    static final long WATCHDOG_PERIOD_S = 10;

    /**
     * JobRunr's background server shuts itself down for good after an "unrecoverable" storage
     * error, which a database outage of a few seconds is. Deferrals would then never run again
     * until the process restarts, so a watchdog starts it again once the database answers.
     */
    void restartIfStopped() {
        if (closed || server.isRunning()) {
            return;
        }
        try {
            storage.getBackgroundJobServers(); // a start while the database is down only logs JobRunr's stack traces again
        } catch (RuntimeException e) {
            LOG.debug("guard: JobRunr's background server stays stopped while its storage does not answer", e);
            return;
        }
        try {
            LOG.warn("guard: JobRunr's background server has stopped (database outage?); starting it again");
            server.start();
        } catch (RuntimeException e) {
            LOG.warn("guard: JobRunr's background server could not start yet: {}", e.toString());
        }
    }

    /** True while the background server processes jobs (deferrals). */
    public boolean serverRunning() {
        return server.isRunning();
    }

    /**
     * Opens JobRunr's storage on the scheduler's database (JobRunr creates its tables under the
     * settings' prefix). Separate from {@link #start} so that the deferral store and the guard's
     * filters can be built on it before the background server starts processing.
     */
    public static StorageProvider openStorage(DataSource dataSource, JobRunrSettings settings) {
        StorageProvider storage = SqlStorageProviderFactory.using(dataSource, settings.tablePrefix(),
                DatabaseOptions.CREATE);
        storage.setJobMapper(new JobMapper(new JacksonJsonMapper()));
        return storage;
    }

    /** Starts JobRunr on storage of its own on {@code dataSource} ({@link #openStorage}). */
    public static JobRunrRuntime start(DataSource dataSource, JobRunrSettings settings, JobActivator activator,
                                       List<JobFilter> filters, IntSupplier level, MeterRegistry registry) {
        return start(openStorage(dataSource, settings), settings, activator, filters, level, registry);
    }

    /**
     * Starts JobRunr on {@code storage} (from {@link #openStorage}; closed with this runtime, also
     * when starting fails).
     *
     * @param settings  tables, server and dashboard settings
     * @param activator creates job handlers (the guard registers its deferral handler there)
     * @param filters   job filters, in order; the guard passes its own filters and an explicit
     *                  {@code RetryFilter} (one custom ElectStateFilter disables the default retries)
     * @param level     the node's level of CPU, memory and disk, for onboarding throttling
     *                  ({@link LevelThrottledWorkerPolicy})
     * @param registry  where JobRunr's own metrics go, or null
     */
    public static JobRunrRuntime start(StorageProvider storage, JobRunrSettings settings, JobActivator activator,
                                       List<JobFilter> filters, IntSupplier level, MeterRegistry registry) {
        JsonMapper json = new JacksonJsonMapper();
        BackgroundJobServerConfiguration config = BackgroundJobServerConfiguration
                .usingStandardBackgroundJobServerConfiguration()
                .andName(settings.serverName())
                .andPollInterval(settings.pollInterval())
                .andBackgroundJobServerWorkerPolicy(
                        new LevelThrottledWorkerPolicy(settings.workerCount(), level, 3,
                                LevelThrottledWorkerPolicy.defaultPickUpAfter(settings.pollInterval()),
                                java.time.Clock.systemUTC()));
        BackgroundJobServer server;
        try {
            server = new BackgroundJobServer(storage, json, activator, config);
            server.setJobFilters(filters);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        LoopbackDashboard dashboard = null;
        JobRunrMicroMeterIntegration metrics = null;
        try {
            server.start();
            if (settings.dashboardEnabled()) {
                dashboard = LoopbackDashboard.start(storage, json, settings.dashboardHost(), settings.dashboardPort(),
                        settings.dashboardUser(), settings.dashboardPassword());
            }
            if (registry != null) {
                metrics = new JobRunrMicroMeterIntegration(registry);
                metrics.initialize(storage, server);
            }
        } catch (RuntimeException e) {
            if (dashboard != null) {
                dashboard.close();
            }
            server.stop();
            storage.close();
            throw e;
        }
        return new JobRunrRuntime(storage, json, server, new JobRequestScheduler(storage, filters),
                new JobScheduler(storage, filters), dashboard, metrics);
    }

    public StorageProvider storage() {
        return storage;
    }

    public JsonMapper jsonMapper() {
        return json;
    }

    public BackgroundJobServer server() {
        return server;
    }

    public JobRequestScheduler requestScheduler() {
        return requestScheduler;
    }

    /** For users who enqueue lambdas; the guard's filter sees them on the ENQUEUED election. */
    public JobScheduler jobScheduler() {
        return jobScheduler;
    }

    public Optional<LoopbackDashboard> dashboard() {
        return Optional.ofNullable(dashboard);
    }

    /** Stops the dashboard, then the server (running jobs get JobRunr's stop timeout), then storage. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        if (dashboard != null) {
            dashboard.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        server.stop();
        storage.close();
    }
}
