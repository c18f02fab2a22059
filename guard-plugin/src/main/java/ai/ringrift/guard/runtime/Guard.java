package ai.ringrift.guard.runtime;

import ai.ringrift.db.Database;
import ai.ringrift.db.audit.AuditLog;
import ai.ringrift.db.audit.AuditLogSettings;
import ai.ringrift.db.audit.AuditQuery;
import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.api.ApiSettings;
import ai.ringrift.guard.api.ResourceChecker;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.http.StatusServer;
import ai.ringrift.guard.jobrunr.DeferralListener;
import ai.ringrift.guard.jobrunr.DeferralService;
import ai.ringrift.guard.jobrunr.DeferredFire;
import ai.ringrift.guard.jobrunr.DeferredFireHandler;
import ai.ringrift.guard.jobrunr.GuardElectStateFilter;
import ai.ringrift.guard.jobrunr.GuardJobActivator;
import ai.ringrift.guard.jobrunr.JobRunrRuntime;
import ai.ringrift.guard.jobrunr.JobRunrSettings;
import ai.ringrift.guard.metrics.GuardMetrics;
import ai.ringrift.guard.metrics.MetricsSources;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.FailPolicy;
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
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.jobrunr.jobs.filters.JobFilter;
import org.jobrunr.jobs.filters.RetryFilter;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running guard of one node, assembled from a validated {@code guard.yaml}: the sampler (one
 * thread), the decision engine, the audit log, durable deferrals through JobRunr, metrics and the
 * status/metrics HTTP endpoint. The Quartz plugin, the JobRunr filter, the CLI and the library API
 * all use this one object. Start with {@link #start}; {@link #close} stops everything in reverse.
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
    private final AuditRows rows;
    private final GuardMetrics metrics;
    private final DeferralService deferrals;
    private final JobRunrRuntime jobrunr;
    private final StatusServer http;
    private final ResourceChecker checker;
    private final List<AutoCloseable> closeables;

    private Guard(Builder b) {
        this.config = b.config;
        this.nodeId = b.nodeId;
        this.clock = b.clock;
        this.sampler = b.sampler;
        this.policy = b.policy;
        this.engine = b.engine;
        this.audit = b.audit;
        this.auditQuery = b.auditQuery;
        this.rows = b.rows;
        this.metrics = b.metrics;
        this.deferrals = b.deferrals;
        this.jobrunr = b.jobrunr;
        this.http = b.http;
        this.checker = b.checker;
        this.closeables = b.closeables;
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
                        a.batchMaxWait(), AuditLogSettings.DEFAULT_REPLAY_INTERVAL));
                b.closeables.add(b.audit);
            } else if (options.startJobRunr()) {
                throw new IllegalArgumentException("a guard that runs deferrals must write the audit log");
            }
            b.auditQuery = new AuditQuery(db.dataSource());
            b.rows = new AuditRows(config.configHash());
            b.checker = new ResourceChecker(b.sampler, b.policy.limits(), ApiSettings.DEFAULTS, b.clock);
            AtomicReference<DeferralService> deferralsRef = new AtomicReference<>();
            b.metrics = new GuardMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), b.sampler,
                    b.engine::currentLevel, MetricsSources.builder()
                    .deferralsPending(() -> {
                        DeferralService d = deferralsRef.get();
                        return d == null ? 0 : Math.max(0, d.pendingCount());
                    })
                    .breakerStates(() -> {
                        Map<String, String> m = new LinkedHashMap<>();
                        b.engine.breakers().states().forEach((job, state) -> m.put(job, state.name()));
                        return m;
                    })
                    .spawnTokens(() -> b.engine.spawnLimiter().available(b.clock.millis()))
                    .auditSpoolRows(() -> b.audit == null ? 0 : b.audit.spooledRows())
                    .build(), b.clock);
            b.closeables.add(b.metrics);
            Guard[] self = new Guard[1];
            if (options.startJobRunr()) {
                GuardJobActivator activator = new GuardJobActivator();
                activator.register(DeferredFireHandler.class, new DeferredFireHandler(
                        (fire, id) -> deferralsRef.get().refire(fire, id)));
                List<JobFilter> filters = new ArrayList<>();
                filters.add(new GuardElectStateFilter(() -> self[0]));
                filters.add(new RetryFilter());
                b.jobrunr = JobRunrRuntime.start(db.dataSource(), jobrunrSettings(config), activator, filters,
                        b.engine::currentLevel, b.metrics.registry());
                b.closeables.add(b.jobrunr);
                b.deferrals = new DeferralService(new DeferralStore(db.dataSource()), b.jobrunr.storage(),
                        config.deferral(), b.clock,
                        () -> ThreadLocalRandom.current().nextDouble(), b.nodeId, new AuditingDeferralListener(b));
                b.deferrals.loadPendingHint();
                deferralsRef.set(b.deferrals);
            }
            if (options.startHttp() && config.metrics().enabled()) {
                var m = config.metrics();
                b.http = StatusServer.builder()
                        .host(m.host())
                        .port(m.port())
                        .token(m.token())
                        .metrics(b.metrics::scrape)
                        .status(() -> self[0].status())
                        .audit(params -> AuditParams.query(b.auditQuery, params))
                        .objectMapper(jsonMapper())
                        .start();
                b.closeables.add(b.http);
            }
            Guard guard = new Guard(b);
            self[0] = guard;
            return guard;
        } catch (RuntimeException e) {
            b.closeAll();
            throw e;
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

    /** Lets the deferral service re-fire through this Quartz scheduler. */
    public void attach(Scheduler quartz) {
        if (deferrals != null) {
            deferrals.attach(quartz);
        }
    }

    /** A point-in-time report for {@code ringrift status} and {@code /api/status}. */
    public StatusReport status() {
        List<PendingDeferral> pending = deferrals == null ? List.of() : deferrals.pending();
        return StatusReport.of(this, pending);
    }

    public GuardConfig config() {
        return config;
    }

    public String nodeId() {
        return nodeId;
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

    public FailPolicy failPolicy() {
        return policy.failPolicy();
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

    public AuditRows rows() {
        return rows;
    }

    public GuardMetrics metrics() {
        return metrics;
    }

    public DeferralService deferrals() {
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
        AuditRows rows;
        GuardMetrics metrics;
        DeferralService deferrals;
        JobRunrRuntime jobrunr;
        StatusServer http;
        ResourceChecker checker;
        final List<AutoCloseable> closeables = new ArrayList<>();

        void closeAll() {
            closeAllReversed(closeables);
        }
    }

    /** Writes SUPERSEDED rows for deferrals replaced by newer fires. */
    private static final class AuditingDeferralListener implements DeferralListener {
        private final Builder b;

        AuditingDeferralListener(Builder b) {
            this.b = b;
        }

        @Override
        public void superseded(PendingDeferral old, String why) {
            try {
                b.audit.record(b.rows.lifecycle(old.jobGroup(), old.jobName(), old.attempt(), old.priority(),
                        "SUPERSEDED", "LEVEL", "deferral " + old.jobrunrId() + " (attempt " + old.attempt() + ") " + why,
                        b.engine.currentLevel(), b.sampler.latest(), b.clock.instant()).build());
            } catch (RuntimeException e) {
                LOG.warn("guard: cannot audit superseded deferral of {}: {}", old.jobName(), e.toString());
            }
        }

        @Override
        public void dropped(DeferredFire fire, String why) {
            LOG.warn("guard: deferred fire of {}.{} dropped: {}", fire.getJobGroup(), fire.getJobName(), why);
        }
    }
}
