package ai.ringrift.guard.runtime;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseException;
import ai.ringrift.db.DatabaseHealth;
import ai.ringrift.db.audit.AuditLog;
import ai.ringrift.db.audit.AuditLogSettings;
import ai.ringrift.db.audit.AuditQuery;
import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.api.ApiSettings;
import ai.ringrift.guard.api.ResourceChecker;
import ai.ringrift.guard.eviction.Evictor;
import ai.ringrift.guard.eviction.RunningFires;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.http.ServiceUnavailableException;
import ai.ringrift.guard.http.StatusServer;
import ai.ringrift.guard.jobrunr.DeferredFireHandler;
import ai.ringrift.guard.jobrunr.GuardElectStateFilter;
import ai.ringrift.guard.jobrunr.GuardJobActivator;
import ai.ringrift.guard.jobrunr.JobRunrDeferrals;
import ai.ringrift.guard.jobrunr.JobRunrOutcomeFilter;
import ai.ringrift.guard.jobrunr.JobRunrRuntime;
import ai.ringrift.guard.jobrunr.JobRunrSettings;
import ai.ringrift.guard.metrics.GuardMetrics;
import ai.ringrift.guard.metrics.MetricsSources;
import ai.ringrift.guard.pipeline.Backoff;
import ai.ringrift.guard.pipeline.AuditRows;
import ai.ringrift.guard.pipeline.AuditTrail;
import ai.ringrift.guard.pipeline.DeferralAudit;
import ai.ringrift.guard.pipeline.Deferrals;
import ai.ringrift.guard.pipeline.FallbackDeferrals;
import ai.ringrift.guard.pipeline.FireOutcomes;
import ai.ringrift.guard.pipeline.GuardPipeline;
import ai.ringrift.guard.pipeline.Refire;
import ai.ringrift.guard.pipeline.RefireSlot;
import ai.ringrift.guard.pipeline.TriggerDeferrals;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.GuardEvent;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.sample.DefaultSources;
import ai.ringrift.guard.sample.Sampler;
import ai.ringrift.guard.sample.SamplingSettings;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.SnapshotProvider;
import ai.ringrift.guard.settings.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jobrunr.jobs.filters.JobFilter;
import org.jobrunr.jobs.filters.RetryFilter;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one node's guard, and the handle on it: {@link #start} assembles, from
 * a validated {@code guard.yaml}, the sampler (one thread), the decision engine, the audit log,
 * the {@link GuardPipeline} with its deferral store (JobRunr first, a one-shot Quartz trigger as
 * fallback), the {@link FireOutcomes}, metrics, JobRunr with the guard's filters and the
 * status/metrics HTTP endpoint. Each adapter gets only its part: the Quartz plugin takes
 * {@link #pipeline()} and {@link #outcomes()} and attaches its scheduler as the {@link Refire}
 * ({@link #attach}); the JobRunr filters are built here from the same pipeline. The CLI and the
 * status endpoint read {@link #status()}. {@link #close} stops everything in reverse.
 */
public final class Guard implements AutoCloseable {

    /** Quartz SchedulerContext key under which the plugin publishes the running guard. */
    public static final String CONTEXT_KEY = "ringrift.guard";
    /** Quartz SchedulerContext key of a {@code List<ReadingSource>} replacing the default sources. */
    public static final String CONTEXT_SOURCES = "ringrift.guard.sources";
    /** Quartz SchedulerContext key of a {@code java.time.Clock} for the guard. */
    public static final String CONTEXT_CLOCK = "ringrift.guard.clock";

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    private final GuardConfig config;
    private final String nodeId;
    private final Clock clock;
    private final Sampler sampler;
    private final EngineSettings policy;
    private final DecisionEngine engine;
    private final AuditLog audit;
    private final AuditQuery auditQuery;
    private final GuardMetrics metrics;
    private final Deferrals deferrals;
    private final GuardPipeline pipeline;
    private final FireOutcomes outcomes;
    private final RefireSlot refire;
    private final JobRunrRuntime jobrunr;
    private final ResourceChecker checker;
    private final List<AutoCloseable> closeables;
    private final DatabaseHealth health;
    private final Refreshed<List<PendingDeferral>> pendingDeferrals;
    private final RunningFires running;
    private final Evictor evictor;
    private volatile StatusServer http;

    private Guard(Builder b) {
        this.config = b.config;
        this.nodeId = b.nodeId;
        this.clock = b.clock;
        this.sampler = b.sampler;
        this.policy = b.policy;
        this.engine = b.engine;
        this.audit = b.audit;
        this.auditQuery = b.auditQuery;
        this.metrics = b.metrics;
        this.deferrals = b.deferrals;
        this.pipeline = b.pipeline;
        this.outcomes = b.outcomes;
        this.refire = b.refire;
        this.jobrunr = b.jobrunr;
        this.checker = b.checker;
        this.closeables = b.closeables;
        this.health = b.health;
        this.pendingDeferrals = b.pendingDeferrals;
        this.running = b.running;
        this.evictor = b.evictor;
    }

    /**
     * Starts the guard on {@code db} (already migrated). Takes a first sample before returning, so
     * the first fire sees real readings.
     *
     * @throws ai.ringrift.guard.settings.InvalidSettingsException listing every rule {@code config} breaks
     */
    public static Guard start(GuardConfig config, Database db, GuardOptions options) {
        Problems.requireValid(config, ""); // the rules `ringrift validate` reports, for configs built in code
        Builder b = new Builder();
        b.config = config;
        b.clock = options.clock();
        b.nodeId = config.node().id();
        b.health = new DatabaseHealth("guard " + b.nodeId, b.clock);
        try {
            SamplingSettings sampling = config.sampling();
            b.sampler = new Sampler(sampling, options.sources() != null ? options.sources()
                    : DefaultSources.create(sampling), b.clock);
            b.closeables.add(b.sampler);
            b.policy = config.engine();
            b.engine = new DecisionEngine(b.policy, config.breaker(), config.spawnRate(), b.clock);
            b.engine.addListener(Guard::logEvent);
            b.sampler.addListener(b.engine::onSnapshot);
            b.sampler.start(); // takes the first sample on this thread

            if (options.writeAudit()) {
                var a = config.audit();
                b.audit = new AuditLog(db.dataSource(), new AuditLogSettings(b.nodeId, a.spoolDir(), a.batchMaxRows(),
                        a.batchMaxWait(), AuditLogSettings.DEFAULT_REPLAY_INTERVAL), b.health);
                b.closeables.add(b.audit);
            } else if (options.startJobRunr()) {
                throw new IllegalArgumentException("a guard that runs deferrals must write the audit log");
            }
            b.auditQuery = new AuditQuery(db.dataSource());
            b.checker = new ResourceChecker(b.sampler, b.policy.limits(), ApiSettings.DEFAULTS, b.clock);
            StorageProvider storage = null;
            AutoCloseable closeStorage = null;
            JobRunrDeferrals primary = null;
            JobRunrSettings jobrunrSettings = jobrunrSettings(config);
            if (!options.startDashboard()) {
                jobrunrSettings = jobrunrSettings.withDashboard(false, jobrunrSettings.dashboardHost(),
                        jobrunrSettings.dashboardPort());
            }
            if (options.startJobRunr()) {
                storage = JobRunrRuntime.openStorage(db.dataSource(), jobrunrSettings);
                closeStorage = storage::close;
                b.closeables.add(closeStorage);
                primary = new JobRunrDeferrals(new DeferralStore(db.dataSource()), storage, b.clock, b.nodeId, b.refire,
                        new DeferralAudit(AuditTrail.of(b.audit), new AuditRows(config.configHash()), b.sampler,
                                b.engine::currentLevel, b.clock));
                b.deferrals = new FallbackDeferrals(primary, new TriggerDeferrals(b.refire));
            }
            Deferrals deferrals = b.deferrals;
            // read off the request threads: /metrics and /api/status never wait on the database; each
            // reading reconciles the table with JobRunr (a deferral deleted in the dashboard is DROPPED)
            JobRunrDeferrals reconciling = primary;
            b.pendingDeferrals = new Refreshed<>("the pending deferrals",
                    reconciling != null ? reconciling::reconciled : deferrals::pending, b.health, b.clock,
                    Refreshed.EVERY);
            b.closeables.add(b.pendingDeferrals);
            Refreshed<List<PendingDeferral>> pending = b.pendingDeferrals;
            b.metrics = new GuardMetrics(b.sampler, b.engine::currentLevel, MetricsSources.builder()
                    .deferralsPending(() -> pending.current().known() ? pending.current().value().size() : Double.NaN)
                    .breakerStates(() -> {
                        Map<String, String> m = new LinkedHashMap<>();
                        b.engine.breakers().states().forEach((job, state) -> m.put(job, state.name()));
                        return m;
                    })
                    .spawnTokens(() -> b.engine.spawnLimiter().available(b.clock.millis()))
                    .auditSpoolRows(() -> b.audit == null ? 0 : b.audit.spooledRows())
                    .build(), b.clock);
            b.metrics.bindTo(options.meterRegistry() != null ? options.meterRegistry() : new SimpleMeterRegistry());
            b.closeables.add(b.metrics);
            b.sampler.addListener(snapshot -> b.metrics.refresh());
            if (b.audit != null) {
                AuditTrail trail = AuditTrail.of(b.audit);
                b.pipeline = GuardPipeline.builder()
                        .nodeId(b.nodeId)
                        .snapshots(b.sampler)
                        .engine(b.engine)
                        .audit(trail)
                        .rows(new AuditRows(config.configHash()))
                        .deferrals(b.deferrals)
                        .backoff(new Backoff(config.deferral()))
                        .sink(b.metrics)
                        .clock(b.clock)
                        .random(() -> ThreadLocalRandom.current().nextDouble())
                        .build();
                b.outcomes = new FireOutcomes(b.nodeId, trail, b.engine, b.clock);
                b.evictor = new Evictor(config.eviction(), config.sampling().interval(), b.running, b.pipeline,
                        b.policy, b.engine::levelFor, b.clock);
                b.closeables.add(b.evictor);
                b.sampler.addListener(b.evictor::onSnapshot);
            }
            if (options.startJobRunr()) {
                GuardJobActivator activator = new GuardJobActivator();
                activator.register(DeferredFireHandler.class, new DeferredFireHandler(primary::refire));
                List<JobFilter> filters = new ArrayList<>();
                filters.add(new GuardElectStateFilter(b.pipeline));
                filters.add(new JobRunrOutcomeFilter(b.outcomes, b.running, storage));
                filters.add(new RetryFilter());
                b.closeables.remove(closeStorage); // JobRunrRuntime closes the storage from now on
                b.jobrunr = JobRunrRuntime.start(storage, jobrunrSettings, activator, filters, b.engine::coreLevel,
                        b.metrics.registry());
                b.closeables.add(b.jobrunr);
            }
            Guard guard = new Guard(b);
            if (options.startHttp() && config.metrics().enabled()) {
                guard.startHttp(options.metricsScrape());
            }
            return guard;
        } catch (RuntimeException e) {
            b.closeAll();
            throw e;
        }
    }

    /**
     * The status endpoint of this guard, with {@code /metrics} when the host gives a scrape of its
     * registry (the daemon's Prometheus registry); part of start-up, stopped first by {@link #close}.
     */
    private void startHttp(java.util.function.Supplier<String> scrape) {
        var m = config.metrics();
        http = StatusServer.builder()
                .host(m.host())
                .port(m.port())
                .token(m.token())
                .metrics(scrape == null ? null : () -> {
                    metrics.refresh();
                    return scrape.get();
                })
                .status(this::status)
                .audit(this::auditQuery)
                .objectMapper(jsonMapper())
                .start();
        closeables.add(http);
    }

    /** {@code /api/audit}: 503 with one line while the database does not answer. */
    private Object auditQuery(Map<String, String> params) {
        if (health.unreachable()) {
            throw new ServiceUnavailableException(DatabaseHealth.UNREACHABLE);
        }
        try {
            return AuditParams.query(auditQuery, params);
        } catch (DatabaseException e) {
            if (!DatabaseHealth.isOutage(e)) {
                throw e;
            }
            health.failed("the audit API", e);
            throw new ServiceUnavailableException(DatabaseHealth.UNREACHABLE);
        }
    }

    /** The JSON mapper of the HTTP API and the CLI: ISO-8601 instants. */
    public static ObjectMapper jsonMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** JobRunr of this node with the {@code dashboard} section of guard.yaml. */
    public static JobRunrSettings jobrunrSettings(GuardConfig config) {
        var d = config.dashboard();
        return JobRunrSettings.forNode(config.node().id(), d.enabled(), d.host(), d.port(), d.username(),
                d.password());
    }

    private static void logEvent(GuardEvent e) {
        LOG.info("guard: {}", e);
    }

    /**
     * Wires the Quartz re-fire (the plugin passes {@code new QuartzRefire(scheduler)}): due JobRunr
     * deferrals and the fallback deferral store fire through it.
     */
    public void attach(Refire quartzRefire) {
        refire.attach(quartzRefire);
    }

    /** The decide-audit-act pipeline; null in a read-only view (no audit writer). */
    public GuardPipeline pipeline() {
        return pipeline;
    }

    /** Outcomes of admitted fires (breakers, reservations, outcome rows); null in a read-only view. */
    public FireOutcomes outcomes() {
        return outcomes;
    }

    /** The fires running on this node, as the adapters report them (the evictor's choice). */
    public RunningFires running() {
        return running;
    }

    /** Level 4's eviction of running fires; null in a read-only view. */
    public Evictor evictor() {
        return evictor;
    }

    /** A point-in-time report for {@code ringrift status} and {@code /api/status}. */
    public StatusReport status() {
        return StatusReport.of(this, pendingDeferrals.current());
    }

    public GuardConfig config() {
        return config;
    }

    public String nodeId() {
        return nodeId;
    }

    /** This guard's view of the database: reachable, or in an outage since when and how often it failed. */
    public DatabaseHealth databaseHealth() {
        return health;
    }

    public Clock clock() {
        return clock;
    }

    public SnapshotProvider snapshots() {
        return sampler;
    }

    public Sampler sampler() {
        return sampler;
    }

    public Snapshot latest() {
        return sampler.latest();
    }

    public EngineSettings policy() {
        return policy;
    }

    public DecisionEngine engine() {
        return engine;
    }

    /** The audit log writer; null in a read-only view ({@link GuardOptions#readOnlyView()}). */
    public AuditLog audit() {
        return audit;
    }

    public AuditQuery auditQuery() {
        return auditQuery;
    }

    public GuardMetrics metrics() {
        return metrics;
    }

    /** The deferral store (JobRunr with the Quartz-trigger fallback); {@link Deferrals#NONE} without JobRunr. */
    public Deferrals deferrals() {
        return deferrals;
    }

    public Optional<JobRunrRuntime> jobrunr() {
        return Optional.ofNullable(jobrunr);
    }

    public Optional<StatusServer> http() {
        return Optional.ofNullable(http);
    }

    public ResourceChecker checker() {
        return checker;
    }

    /** Stops HTTP, JobRunr, metrics, the audit log (flushing it) and the sampler, in that order. */
    @Override
    public void close() {
        closeAllReversed(closeables);
    }

    private static void closeAllReversed(List<AutoCloseable> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            try {
                list.get(i).close();
            } catch (Exception e) {
                LOG.warn("guard: error while stopping {}: {}", list.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Mutable assembly state of {@link #start}. */
    private static final class Builder {
        GuardConfig config;
        String nodeId;
        Clock clock;
        Sampler sampler;
        EngineSettings policy;
        DecisionEngine engine;
        AuditLog audit;
        AuditQuery auditQuery;
        GuardMetrics metrics;
        Deferrals deferrals = Deferrals.NONE;
        DatabaseHealth health;
        Refreshed<List<PendingDeferral>> pendingDeferrals;
        GuardPipeline pipeline;
        FireOutcomes outcomes;
        final RunningFires running = new RunningFires();
        Evictor evictor;
        final RefireSlot refire = new RefireSlot();
        JobRunrRuntime jobrunr;
        ResourceChecker checker;
        final List<AutoCloseable> closeables = new ArrayList<>();

        void closeAll() {
            closeAllReversed(closeables);
        }
    }
}
