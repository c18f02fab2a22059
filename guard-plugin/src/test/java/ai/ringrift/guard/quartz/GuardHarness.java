package ai.ringrift.guard.quartz;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.http.StatusServer;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.GuardedScheduler;
import ai.ringrift.scheduler.SchedulerSettings;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.testsupport.FireCounts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.quartz.JobExecutionContext;
import org.quartz.listeners.JobListenerSupport;

/**
 * A real GuardedScheduler on an H2 file with the guard plugin enabled by properties, readings
 * injected through {@link MutableSource}. Memory percentages for each level with the default
 * 80 % limit: L0 40, L1 58, L2 70, L3 77, L4 82.
 */
final class GuardHarness implements AutoCloseable {

    static final double[] MEMORY_FOR_LEVEL = {40, 58, 70, 77, 82};
    private static final AtomicInteger NAMES = new AtomicInteger();

    final Path dir;
    final Path config;
    final MutableSource source = new MutableSource();
    final AtomicInteger fires = new AtomicInteger();
    final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Database db;
    GuardedScheduler scheduler;

    final String instanceName;
    private Clock clock;
    private DatabaseSettings database;

    GuardHarness(Path dir, String extraYaml) throws IOException {
        this(dir, extraYaml, "guard-test-" + NAMES.incrementAndGet());
    }

    /** A harness whose Quartz instance name is given: a restart must reuse the name (SCHED_NAME). */
    GuardHarness(Path dir, String extraYaml, String instanceName) throws IOException {
        this(dir, extraYaml, instanceName, 20);
    }

    /** A harness with {@code deferral.maxDeferrals} set (default 20). */
    GuardHarness(Path dir, String extraYaml, String instanceName, int maxDeferrals) throws IOException {
        this(dir, extraYaml, instanceName, """
                  initialBackoff: 1s
                  maxBackoff: 2s
                  jitter: 0
                  maxDeferrals: %d
                """.formatted(maxDeferrals));
    }

    /** A harness with its own {@code deferral} section (the lines under it, indented two spaces). */
    GuardHarness(Path dir, String extraYaml, String instanceName, String deferralYaml) throws IOException {
        this.dir = dir;
        this.instanceName = instanceName;
        this.config = dir.resolve("guard.yaml");
        Files.writeString(config, """
                levels:
                  dwell: 1s
                sampling:
                  dataDir: %s
                deferral:
                %sspawnRate:
                  perMinute: 60000
                  burst: 10000
                dashboard:
                  port: 0
                metrics:
                  port: 0
                audit:
                  spoolDir: %s
                """.formatted(dir.resolve("data"), deferralYaml, dir.resolve("spool")) + extraYaml);
    }

    /** The harness opens {@code settings} instead of its own H2 file (two harnesses may share one database). */
    GuardHarness on(DatabaseSettings settings) {
        this.database = settings;
        return this;
    }

    /** The guard runs on {@code clock} (Quartz and JobRunr keep the real time). */
    GuardHarness withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    GuardHarness start() throws Exception {
        db = Database.openAndMigrate(database != null ? database : DatabaseSettings.h2File(dir.resolve("db")));
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults()
                .withInstanceName(instanceName)
                .withProperty("org.quartz.plugin.guard.class", GuardPlugin.class.getName())
                .withProperty("org.quartz.plugin.guard.configFile", config.toString())
                .withProperty("org.quartz.plugin.guard.http", "true")
                .withProperty("org.quartz.plugin.guard.dashboard", "true"));
        scheduler.quartz().getContext().put(Guard.CONTEXT_SOURCES, List.of(source));
        if (clock != null) {
            scheduler.quartz().getContext().put(Guard.CONTEXT_CLOCK, clock);
        }
        // as the daemon does: its Prometheus registry, scraped at /metrics
        scheduler.quartz().getContext().put(GuardPlugin.CONTEXT_METER_REGISTRY, prometheus);
        scheduler.quartz().getContext().put(GuardPlugin.CONTEXT_METRICS_SCRAPE,
                (Supplier<String>) () -> prometheus.scrape(StatusServer.METRICS_CONTENT_TYPE));
        // Quartz stops calling trigger listeners at the first veto, so count fires as runs + vetoes
        scheduler.quartz().getListenerManager().addJobListener(new JobListenerSupport() {
            @Override
            public String getName() {
                return "fire-counter";
            }

            @Override
            public void jobToBeExecuted(JobExecutionContext context) {
                fires.incrementAndGet();
            }

            @Override
            public void jobExecutionVetoed(JobExecutionContext context) {
                fires.incrementAndGet();
            }
        });
        scheduler.start();
        return this;
    }

    Guard guard() throws Exception {
        return (Guard) scheduler.quartz().getContext().get(Guard.CONTEXT_KEY);
    }

    /** Sets memory so the level becomes {@code level} and publishes a sample at once. */
    void level(int level) throws Exception {
        source.set(Resource.MEMORY, MEMORY_FOR_LEVEL[level]);
        guard().sampler().sampleOnce();
    }

    long count(String sql, Object... args) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long decisions(String job, String decision) throws SQLException {
        return count("SELECT COUNT(*) FROM guard_decision WHERE job_name = ? AND decision = ?", job, decision);
    }

    /** fires = ALLOW + RESIZE + DEFER + VETO rows; each ALLOW/RESIZE row has an outcome ({@link FireCounts}). */
    void assertCountsConsistent() {
        // outcome rows are written behind the job's thread: wait for the check to hold
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                FireCounts.assertConsistent(db.dataSource(), "ringrift", fires.get()));
    }

    void stop() {
        if (scheduler != null) {
            scheduler.shutdown(true);
            scheduler = null;
        }
        if (db != null) {
            db.close();
            db = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
