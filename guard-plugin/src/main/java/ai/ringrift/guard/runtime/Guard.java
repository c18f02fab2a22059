package ai.ringrift.guard.runtime;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseException;
import ai.ringrift.db.DatabaseHealth;
import ai.ringrift.db.audit.AuditLog;
import ai.ringrift.db.audit.AuditLogSettings;
import ai.ringrift.db.audit.AuditQuery;
import ai.ringrift.db.cap.CapLeaseStore;
import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.db.history.HistoryStore;
import ai.ringrift.guard.api.ApiSettings;
import ai.ringrift.guard.api.ResourceChecker;
import ai.ringrift.guard.caps.FleetCaps;
import ai.ringrift.guard.eviction.Evictor;
import ai.ringrift.guard.eviction.RunningFires;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.NodeConfig;
import ai.ringrift.db.fleet.FleetView;
import ai.ringrift.db.fleet.HaltStore;
import ai.ringrift.db.fleet.NodeRegistry;
import ai.ringrift.guard.fleet.FleetReport;
import ai.ringrift.guard.fleet.NodeHeartbeats;
import ai.ringrift.guard.fleet.NodeIdentity;
import ai.ringrift.guard.fleet.ScaleAdvice;
import ai.ringrift.guard.fleet.ScaleAdvisor;
import ai.ringrift.guard.metrics.FleetMetrics;
import ai.ringrift.guard.handoff.RegistryHandoff;
import ai.ringrift.guard.http.ServiceUnavailableException;
import ai.ringrift.guard.history.HistoryRecorder;
import ai.ringrift.guard.history.MinuteAggregator;
import ai.ringrift.guard.http.StatusServer;
import ai.ringrift.guard.jobrunr.DeferredFireHandler;
import ai.ringrift.guard.jobrunr.GuardElectStateFilter;
import ai.ringrift.guard.jobrunr.GuardJobActivator;
import ai.ringrift.guard.jobrunr.HandoffPuller;
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
import ai.ringrift.guard.pipeline.Handoff;
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

    /** Decisions {@code /api/decisions} returns unless {@code limit} says otherwise. */
    public static final int PAGE_DECISIONS = 100;

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
    private final FleetCaps caps;
    private final RefireSlot refire;
    private final JobRunrRuntime jobrunr;
    private final ResourceChecker checker;
    private final List<AutoCloseable> closeables;
    private final DatabaseHealth health;
    private final Refreshed<List<PendingDeferral>> pendingDeferrals;
    private final NodeHeartbeats heartbeats;
    private final javax.sql.DataSource dataSource;
    private final HistoryRecorder history;
    private final HistoryStore historyStore;
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
        this.caps = b.caps;
        this.refire = b.refire;
        this.jobrunr = b.jobrunr;
        this.checker = b.checker;
        this.closeables = b.closeables;
        this.health = b.health;
        this.pendingDeferrals = b.pendingDeferrals;
        this.heartbeats = b.heartbeats;
        this.dataSource = b.dataSource;
        this.history = b.history;
        this.historyStore = b.historyStore;
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
        b.dataSource = db.dataSource();
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
            b.historyStore = new HistoryStore(db.dataSource());
            b.checker = new ResourceChecker(b.sampler, b.policy.limits(), b.policy.levels(), ApiSettings.DEFAULTS, b.clock);
            StorageProvider storage = null;
            AutoCloseable closeStorage = null;
            JobRunrDeferrals primary = null;
            DeferralStore deferralStore = null;
            JobRunrSettings jobrunrSettings = jobrunrSettings(config);
            if (!options.startDashboard()) {
                jobrunrSettings = jobrunrSettings.withDashboard(false, jobrunrSettings.dashboardHost(),
                        jobrunrSettings.dashboardPort());
            }
            if (options.startJobRunr()) {
                // JobRunr creates its tables here: under the schema lock, so nodes starting together do not race
                JobRunrSettings tables = jobrunrSettings;
                storage = db.underSchemaLock(() -> JobRunrRuntime.openStorage(db.dataSource(), tables));
                closeStorage = storage::close;
                b.closeables.add(closeStorage);
                deferralStore = new DeferralStore(db.dataSource());
                primary = new JobRunrDeferrals(deferralStore, storage, b.clock, b.nodeId, b.refire,
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
                    .deferralsPending(() -> pending.current().known() ? ownDeferrals(pending.current().value(), b.nodeId)
                        : Double.NaN)
                    .breakerStates(() -> {
                        Map<String, String> m = new LinkedHashMap<>();
                        b.engine.breakers().states().forEach((job, state) -> m.put(job, state.name()));
                        return m;
                    })
                    .spawnTokens(() -> b.engine.spawnLimiter().available(b.clock.millis()))
                    .auditSpoolRows(() -> b.audit == null ? 0 : b.audit.spooledRows())
                    .resourceLevels(b.engine::resourceLevel)
                    .build(), b.clock);
            b.metrics.bindTo(options.meterRegistry() != null ? options.meterRegistry() : new SimpleMeterRegistry());
            b.closeables.add(b.metrics);
            b.sampler.addListener(snapshot -> b.metrics.refresh());
            b.caps = FleetCaps.off(b.nodeId);
            if (b.audit != null) {
                if (!config.caps().rules().isEmpty()) {
                    b.caps = new FleetCaps(config.caps(), new CapLeaseStore(db.dataSource()), b.nodeId, b.clock)
                            .start();
                    b.closeables.add(b.caps);
                }
                // the node's per-minute history: fed by every snapshot and decision, written once a minute
                MinuteAggregator minutes = new MinuteAggregator(b.nodeId, b.clock, b.engine::currentLevel);
                b.sampler.addListener(minutes::onSnapshot);
                b.history = new HistoryRecorder(minutes, b.historyStore, b.clock).start();
                b.closeables.add(b.history);
                AuditTrail trail = AuditTrail.of(b.audit);
                b.pipeline = GuardPipeline.builder()
                        .nodeId(b.nodeId)
                        .snapshots(b.sampler)
                        .engine(b.engine)
                        .audit(trail)
                        .rows(new AuditRows(config.configHash()))
                        .deferrals(b.deferrals)
                        .caps(b.caps)
                        .handoff(handoff(b, config))
                        .backoff(new Backoff(config.deferral()))
                        .sink(b.metrics)
                        .sink(b.history.aggregator())
                        .clock(b.clock)
                        .random(() -> ThreadLocalRandom.current().nextDouble())
                        .build();
                b.outcomes = new FireOutcomes(b.nodeId, trail, b.engine, b.clock, b.caps);
                b.evictor = new Evictor(config.eviction(), config.sampling().interval(), b.running, b.pipeline,
                        b.policy, b.engine::levelFor, b.clock);
                b.closeables.add(b.evictor);
                b.sampler.addListener(b.evictor::onSnapshot);
            }
            if (b.outcomes != null) {
                startHeartbeats(b, config, options);
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
                startPulling(b, config, new HandoffPuller(b.nodeId, deferralStore, storage, primary,
                        d -> roomHere(b, d.priority()) && !b.caps.fullHere(d.jobName()), HANDOFF_BATCH, b.clock),
                        primary);
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
     * Where this node's deferrals for its own pressure could run at once: the registry's view,
     * read again every heartbeat interval off the deciding threads.
     */
    private static Handoff handoff(Builder b, GuardConfig config) {
        NodeRegistry registry = new NodeRegistry(b.dataSource);
        Refreshed<FleetView> view = new Refreshed<>("the fleet registry", () -> registry.view(config.fleet().lostAfter()),
                b.health, b.clock, config.fleet().heartbeatInterval());
        b.closeables.add(view);
        return new RegistryHandoff(b.nodeId, b.policy.table(), () -> {
            Refreshed.Reading<FleetView> r = view.current();
            return r.known() ? r.value() : null;
        });
    }

    /** Due deferrals of other nodes a node takes per pull at most. */
    private static final int HANDOFF_BATCH = 16;

    /** Whether this node, not halted, could run a fire of {@code priority} at its level now. */
    private static boolean roomHere(Builder b, String priority) {
        try {
            return !b.engine.halt().halted() && RegistryHandoff.runs(b.policy.table(), b.engine.currentLevel(),
                    ai.ringrift.scheduler.model.Priority.parse(priority), false);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Takes due deferrals of the fleet every heartbeat interval, off the deciding threads, and
     * fires again the re-fires in flight whose trigger was lost with a dead node.
     */
    private static void startPulling(Builder b, GuardConfig config, HandoffPuller puller, JobRunrDeferrals refires) {
        java.util.concurrent.ScheduledExecutorService t = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread th = new Thread(r, "ringrift-handoff");
                    th.setDaemon(true);
                    return th;
                });
        long every = config.fleet().heartbeatInterval().toMillis();
        t.scheduleWithFixedDelay(() -> {
            puller.pull();
            refires.recoverRefires(HANDOFF_BATCH);
        }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        b.closeables.add(t::shutdownNow);
    }

    /** The deferrals this node made: each node exports its own share, so {@code sum()} over nodes is the fleet's. */
    private static int ownDeferrals(List<PendingDeferral> all, String nodeId) {
        int n = 0;
        for (PendingDeferral d : all) {
            if (nodeId.equals(d.nodeId())) {
                n++;
            }
        }
        return n;
    }

    /**
     * The node's heartbeat in the registry and its halt check (before JobRunr and Quartz fire
     * anything: a node that starts during a halt is halted from its first fire), and the fleet metrics.
     */
    private static void startHeartbeats(Builder b, GuardConfig config, GuardOptions options) {
        FleetMetrics[] metrics = new FleetMetrics[1];
        NodeHeartbeats[] beats = new NodeHeartbeats[1];
        ScaleAdvisor advisor = new ScaleAdvisor(config.fleet());
        AuditRows rows = new AuditRows(config.configHash());
        Refreshed<List<PendingDeferral>> pending = b.pendingDeferrals;
        beats[0] = NodeHeartbeats.builder()
                .identity(new NodeIdentity(b.nodeId, NodeConfig.hostName(), NodeIdentity.buildVersion(),
                        config.quartz().threadCount()))
                .settings(config.fleet())
                .registry(new NodeRegistry(b.dataSource))
                .halts(new HaltStore(b.dataSource))
                .snapshots(b.sampler)
                .engine(b.engine)
                .tier(s -> StatusReport.tier(config, s), t -> config.tiers().target(t))
                .pendingDeferrals(() -> pending.current().known() ? ownDeferrals(pending.current().value(), b.nodeId)
                        : 0)
                .running(b.outcomes::running)
                .onHaltChange(change -> {
                    try {
                        b.audit.record(rows.lifecycle(HaltStore.AUDIT_GROUP, "halt:" + b.nodeId, 0, "CRITICAL",
                                change.now().halted() ? "HALT" : "RESUME", "HALT", "node " + b.nodeId + " "
                                        + (change.now().halted() ? "halted: " + change.now().sentence()
                                        : "resumed: " + change.reason()), b.engine.currentLevel(),
                                b.sampler.latest(), b.clock.instant()).build());
                    } catch (RuntimeException e) {
                        LOG.warn("guard: cannot audit the halt change of {}: {}", b.nodeId, e.toString());
                    }
                    if (metrics[0] != null) {
                        metrics[0].refresh();
                    }
                })
                .health(b.health)
                .clock(b.clock)
                .build();
        metrics[0] = new FleetMetrics(() -> b.engine.halt().halted(), () -> {
            var last = beats[0].last();
            java.util.Map<String, Integer> m = new java.util.TreeMap<>();
            if (last != null) {
                java.util.Set<String> jobs = new java.util.TreeSet<>(last.runningByJob().keySet());
                config.jobs().forEach(j -> jobs.add(j.name()));
                for (ScaleAdvice a : advisor.advise(last, jobs)) {
                    m.put(a.job(), a.delta());
                }
            }
            return m;
        });
        b.heartbeats = beats[0].start();
        b.closeables.add(b.heartbeats);
        metrics[0].bindTo(b.metrics.registry());
        b.closeables.add(metrics[0]);
        b.sampler.addListener(snapshot -> metrics[0].refresh());
    }

    /**
     * {@code /api/fleet}: every node of the registry (live, lost since when, stopped), the halts and
     * the scale advice, read from the database now; 503 with one line while it does not answer.
     */
    public FleetReport fleet() {
        if (health.unreachable()) {
            throw new ServiceUnavailableException(DatabaseHealth.UNREACHABLE);
        }
        try {
            return FleetReport.read(dataSource, config.fleet(), config.jobs().stream().map(j -> j.name()).toList());
        } catch (java.sql.SQLException | RuntimeException e) {
            health.failed("the fleet API", e);
            throw new ServiceUnavailableException(DatabaseHealth.UNREACHABLE);
        }
    }

    /** The node's heartbeat writer; empty in a read-only view. */
    public Optional<NodeHeartbeats> heartbeats() {
        return Optional.ofNullable(heartbeats);
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
                .audit(params -> fromDatabase("the audit API", () -> AuditParams.query(auditQuery, params)))
                .json("/api/decisions", params -> fromDatabase("the decisions API",
                        () -> AuditParams.queryWithOutcomes(auditQuery, withDefaultLimit(params))))
                .json("/api/history", params -> fromDatabase("the history API",
                        () -> HistoryParams.query(historyStore, history == null ? Optional.empty() : history.open(),
                                params, clock.instant())))
                .fleet(this::fleet)
                .page(true)
                .objectMapper(jsonMapper())
                .start();
        closeables.add(http);
    }

    /** An API answer read from the database: 503 with one line while the database does not answer. */
    private Object fromDatabase(String what, java.util.function.Supplier<Object> read) {
        if (health.unreachable()) {
            throw new ServiceUnavailableException(DatabaseHealth.UNREACHABLE);
        }
        try {
            return read.get();
        } catch (DatabaseException e) {
            if (!DatabaseHealth.isOutage(e)) {
                throw e;
            }
            health.failed(what, e);
            throw new ServiceUnavailableException(DatabaseHealth.UNREACHABLE);
        }
    }

    /** The status page's decisions table: the last {@value #PAGE_DECISIONS} unless asked otherwise. */
    private static Map<String, String> withDefaultLimit(Map<String, String> params) {
        if (params.containsKey("limit")) {
            return params;
        }
        Map<String, String> m = new LinkedHashMap<>(params);
        m.put("limit", Integer.toString(PAGE_DECISIONS));
        return m;
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

    /** The node's side of the fleet-wide caps ({@code caps} of guard.yaml); off in a read-only view. */
    public FleetCaps caps() {
        return caps;
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

    /** This node's history recorder (the minute in progress, {@link HistoryRecorder#flush}); empty in a read-only view. */
    public Optional<HistoryRecorder> history() {
        return Optional.ofNullable(history);
    }

    /** The fleet's per-minute history in the database. */
    public HistoryStore historyStore() {
        return historyStore;
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
        NodeHeartbeats heartbeats;
        javax.sql.DataSource dataSource;
        HistoryRecorder history;
        HistoryStore historyStore;
        GuardPipeline pipeline;
        FireOutcomes outcomes;
        FleetCaps caps;
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
