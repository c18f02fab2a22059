package ai.ringrift.guard.quartz;

import ai.ringrift.scheduler.ContextKeys;
import ai.ringrift.scheduler.FiredTriggerHooks;
import ai.ringrift.scheduler.OutageAwareJobStore;

import ai.ringrift.db.Database;
import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.LoadResult;
import ai.ringrift.guard.pipeline.AuditRows;
import ai.ringrift.guard.pipeline.AuditTrail;
import ai.ringrift.guard.pipeline.FireOutcomes;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.runtime.GuardOptions;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.guard.settings.HostMismatchException;
import ai.ringrift.guard.settings.InvalidSettingsException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.quartz.Scheduler;
import org.quartz.SchedulerConfigException;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.EverythingMatcher;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.SchedulerPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource guard as a drop-in Quartz plugin, enabled by properties alone:
 * <pre>
 * org.quartz.plugin.guard.class = ai.ringrift.guard.quartz.GuardPlugin
 * org.quartz.plugin.guard.configFile = guard.yaml
 * # optional:
 * org.quartz.plugin.guard.dataSource = myDS   # reuse org.quartz.dataSource.myDS.* for the guard's tables
 * org.quartz.plugin.guard.http = true         # serve metrics.host:port (/api/status, /api/audit, /metrics)
 * org.quartz.plugin.guard.dashboard = true    # serve JobRunr's dashboard (dashboard.host:port)
 * </pre>
 * A plugin inside a host application is a guest: it opens no listening port unless asked
 * ({@code http}, {@code dashboard}, both off by default; the {@code ringrift run} daemon turns both
 * on), binds its metrics to the application's {@code MeterRegistry} when the SchedulerContext holds
 * one under {@link #CONTEXT_METER_REGISTRY} (else a private one), and serves {@code /metrics} only
 * from a scrape supplier given under {@link #CONTEXT_METRICS_SCRAPE}.
 *
 * <p>{@link #initialize} validates {@code guard.yaml} (every problem reported, nothing started on
 * an error) and registers the trigger and job listeners; it does no database work. {@link #start}
 * starts the guard on its database, the first of: the application's Quartz DataSource named by
 * {@code dataSource} (migrated, never closed by the guard); the one in the SchedulerContext under
 * {@code ringrift.database} (set by {@code GuardedScheduler}); the one {@code guard.yaml} names
 * (opened and migrated by the plugin). Then the sampler, audit log, JobRunr and metrics.
 * {@link #shutdown} stops them in reverse order. The running {@link Guard} is published in the
 * SchedulerContext under {@link Guard#CONTEXT_KEY}.
 */
public class GuardPlugin implements SchedulerPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(GuardPlugin.class);
    /** SchedulerContext key of the Database (same as GuardedScheduler.CONTEXT_DATABASE). */
    public static final String CONTEXT_DATABASE = ContextKeys.DATABASE;
    /**
     * SchedulerContext key of a validated {@link GuardConfig} to use instead of {@code configFile}
     * (the {@code ringrift run} daemon loads and validates the file itself, then passes it here).
     */
    public static final String CONTEXT_CONFIG = "ringrift.guard.config";
    /** SchedulerContext key of the application's {@code io.micrometer.core.instrument.MeterRegistry}. */
    public static final String CONTEXT_METER_REGISTRY = "ringrift.guard.meterRegistry";
    /**
     * SchedulerContext key of a {@code Supplier<String>} giving the body of {@code GET /metrics}
     * (Prometheus text 0.0.4), from whoever owns the Prometheus registry (the daemon).
     */
    public static final String CONTEXT_METRICS_SCRAPE = "ringrift.guard.metricsScrape";

    private String configFile;
    private boolean http;
    private boolean dashboard;
    private String dataSource;
    private String name;
    private Scheduler scheduler;
    private GuardConfig config;
    private volatile Guard guard;
    private volatile FireGate gate;
    private final MisfireAudit.Relay misfires = new MisfireAudit.Relay();
    private volatile FireOutcomes outcomes;
    private FiredTriggerDecisions decisions;
    private String decisionsName;
    private Database ownDatabase;

    /** Path of guard.yaml (Quartz sets it from {@code org.quartz.plugin.NAME.configFile}). */
    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    /**
     * Whether to serve the status/metrics HTTP endpoint ({@code org.quartz.plugin.NAME.http},
     * default false; guard.yaml's {@code metrics} section says where).
     */
    public void setHttp(boolean http) {
        this.http = http;
    }

    /** The first release's name of {@link #setHttp} ({@code org.quartz.plugin.NAME.startHttp}). */
    public void setStartHttp(boolean startHttp) {
        this.http = startHttp;
    }

    /**
     * Whether to serve JobRunr's dashboard ({@code org.quartz.plugin.NAME.dashboard}, default
     * false; guard.yaml's {@code dashboard} section says where).
     */
    public void setDashboard(boolean dashboard) {
        this.dashboard = dashboard;
    }

    /**
     * Name of the application's Quartz DataSource ({@code org.quartz.dataSource.NAME.*}) that the
     * guard's tables and JobRunr's live in ({@code org.quartz.plugin.NAME.dataSource}); unset: the
     * SchedulerContext's database, else guard.yaml's {@code database}.
     */
    public void setDataSource(String dataSource) {
        this.dataSource = dataSource == null || dataSource.isBlank() ? null : dataSource.trim();
    }

    @Override
    public void initialize(String pluginName, Scheduler sched, ClassLoadHelper loadHelper) throws SchedulerException {
        this.name = pluginName;
        this.scheduler = sched;
        this.config = loadConfig(configFile);
        sched.getListenerManager().addTriggerListener(
                new GuardTriggerListener("ringrift-guard-" + pluginName, () -> gate, misfires),
                EverythingMatcher.allTriggers());
        sched.getListenerManager().addJobListener(
                new GuardJobListener("ringrift-guard-outcomes-" + pluginName, () -> outcomes, this::running),
                EverythingMatcher.allJobs());
    }

    /** Loads and validates guard.yaml; defaults when no file is configured. */
    static GuardConfig loadConfig(String file) throws SchedulerConfigException {
        if (file == null || file.isBlank()) {
            return GuardConfig.defaults();
        }
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw new SchedulerConfigException("guard: config file " + path.toAbsolutePath()
                    + " does not exist (org.quartz.plugin.guard.configFile)");
        }
        LoadResult result = ConfigLoader.load(path);
        result.warnings().forEach(w -> LOG.warn("{}", w));
        if (!result.ok()) {
            throw new SchedulerConfigException("guard: " + path + " has " + result.errors().size() + " error(s):\n  "
                    + result.errors().stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        }
        return result.config();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void start() {
        try {
            SchedulerContext ctx = scheduler.getContext();
            if (ctx.get(CONTEXT_CONFIG) instanceof GuardConfig given) {
                config = given;
            }
            Database db = database(ctx);
            GuardOptions options = GuardOptions.defaults().withHttp(http).withDashboard(dashboard);
            if (ctx.get(CONTEXT_METER_REGISTRY) instanceof MeterRegistry registry) {
                options = options.withMeterRegistry(registry);
            }
            if (ctx.get(CONTEXT_METRICS_SCRAPE) instanceof Supplier<?> scrape) {
                options = options.withMetricsScrape(() -> String.valueOf(scrape.get()));
            }
            if (ctx.get(Guard.CONTEXT_SOURCES) instanceof List<?> sources) {
                options = options.withSources((List<ReadingSource>) sources);
            }
            if (ctx.get(Guard.CONTEXT_CLOCK) instanceof Clock clock) {
                options = options.withClock(clock);
            }
            Guard g = Guard.start(config, db, options);
            g.attach(new QuartzRefire(scheduler));
            ctx.put(Guard.CONTEXT_KEY, g);
            guard = g;
            outcomes = g.outcomes();
            decisions = firedTriggerDecisions(g, db);
            gate = new FireGate(g.pipeline(), g.audit() == null ? null
                    : new RecoveredFires(g.auditQuery(), AuditTrail.of(g.audit()), g.clock()), decisions);
            // audits the misfires Quartz reported before the plugins started (a first start's), then the rest
            misfires.started(g.audit() == null ? null : new MisfireAudit(AuditTrail.of(g.audit()),
                    new AuditRows(g.config().configHash()), g.metrics(), g::latest, g.engine()::currentLevel, g.clock()));
            LOG.info("guard: started on node {} (plugin {}); dashboard {}; metrics {}", g.nodeId(), name,
                    g.jobrunr().flatMap(j -> j.dashboard()).map(d -> d.url()).orElse("off"),
                    g.http().map(h -> h.baseUri() + "/metrics").orElse("off"));
        } catch (InvalidSettingsException | HostMismatchException e) {
            // a configuration error (or settings this host cannot satisfy): the caller of
            // scheduler.start() reports it, once, without a stack trace
            throw e;
        } catch (SchedulerException | RuntimeException e) {
            // Quartz's start() cannot throw checked exceptions from plugins: fail loudly, the
            // listener then lets fires pass (logged) rather than leaving triggers stuck.
            LOG.error("guard: failed to start: {}", e.getMessage(), e);
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Decisions inside the job store's "trigger fired" transaction ({@link FiredTriggerDecisions}),
     * registered for this scheduler when its job store runs hooks ({@code OutageAwareJobStore},
     * as {@code GuardedScheduler}'s does) and the guard has an audit log; else null (every fire
     * commits its decision on its own).
     */
    private FiredTriggerDecisions firedTriggerDecisions(Guard g, Database db) throws SchedulerException {
        if (g.audit() == null
                || !OutageAwareJobStore.class.isAssignableFrom(scheduler.getMetaData().getJobStoreClass())) {
            return null;
        }
        String url;
        try (java.sql.Connection c = db.dataSource().getConnection()) {
            url = c.getMetaData().getURL();
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.warn("guard: cannot read the audit database's URL ({}); each fire's decision is committed on its own",
                    e.toString());
            return null;
        }
        FiredTriggerDecisions d = new FiredTriggerDecisions(scheduler, g.pipeline(), g.audit(), url);
        decisionsName = scheduler.getSchedulerName();
        FiredTriggerHooks.register(decisionsName, d);
        return d;
    }

    /** The guard's database: the named Quartz DataSource, the context's, or guard.yaml's (see the class comment). */
    private Database database(SchedulerContext ctx) {
        if (dataSource != null) {
            try {
                ownDatabase = Database.wrap(new QuartzDataSource(dataSource));
                ownDatabase.migrate();
            } catch (RuntimeException e) {
                ownDatabase = null;
                throw new IllegalStateException("guard: org.quartz.plugin." + name + ".dataSource = " + dataSource
                        + ": " + e.getMessage() + " (define it with org.quartz.dataSource." + dataSource + ".*)", e);
            }
            LOG.info("guard: using the application's Quartz DataSource '{}' ({})", dataSource,
                    ownDatabase.describe());
            return ownDatabase;
        }
        if (ctx.get(CONTEXT_DATABASE) instanceof Database d) {
            return d;
        }
        ownDatabase = Database.openAndMigrate(config.database().toSettings());
        return ownDatabase;
    }

    @Override
    public void shutdown() {
        gate = null;
        FiredTriggerDecisions d = decisions;
        decisions = null;
        if (d != null) {
            FiredTriggerHooks.unregister(decisionsName, d);
            d.close();
        }
        misfires.stopped();
        outcomes = null;
        Guard g = guard;
        guard = null;
        if (g != null) {
            g.close();
        }
        if (ownDatabase != null) {
            ownDatabase.close();
            ownDatabase = null;
        }
    }

    private ai.ringrift.guard.eviction.RunningFires running() {
        Guard g = guard;
        return g == null ? null : g.running();
    }

    /** The running guard, or null before start / after shutdown. */
    public Guard guard() {
        return guard;
    }
}
