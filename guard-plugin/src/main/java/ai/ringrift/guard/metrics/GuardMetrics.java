package ai.ringrift.guard.metrics;

import ai.ringrift.guard.pipeline.DecisionSink;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.SnapshotProvider;
import ai.ringrift.scheduler.model.Resource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntSupplier;

/**
 * The guard's metrics in one Micrometer {@link PrometheusMeterRegistry}, under the seed's names
 * (see {@link MetricNames}), plus the JVM's own metrics. JobRunr's Micrometer integration can be
 * bound to {@link #registry()} so that everything is served by one {@code /metrics}.
 *
 * <p>Values are read when scraped: the resource gauges from {@link SnapshotProvider#latest()},
 * the level from the {@code level} supplier, the rest from {@link MetricsSources}. Series whose
 * key comes and goes (the GPU, a resource's reading age, a job's breaker) are registered and
 * removed by {@link #refresh()}, which {@link #scrape()} calls first: a host without a GPU
 * reading has no {@code ringrift_resource_gpu_used_percent} series at all, not a 0.
 *
 * <p>Thread-safe. Recording methods are cheap (one map look-up and an atomic add).
 */
public final class GuardMetrics implements AutoCloseable, DecisionSink {

    /** Content type of {@link #scrape()}: the Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Map<Resource, String> USED_PERCENT_METER = Map.of(
            Resource.CPU, "ringrift.resource.cpu.used.percent",
            Resource.MEMORY, "ringrift.resource.memory.used.percent",
            Resource.GPU, "ringrift.resource.gpu.used.percent",
            Resource.DISK, "ringrift.resource.disk.used.percent");

    /** Deferral-age histogram buckets, matched to the backoff (30 s doubling, capped at 15 min). */
    private static final Duration[] DEFERRAL_AGE_BUCKETS = {
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(24)};

    private final PrometheusMeterRegistry registry;
    private final SnapshotProvider snapshots;
    private final MetricsSources sources;
    private final Clock clock;
    private final KeyedGauges<Resource> usedPercent;
    private final KeyedGauges<Resource> readingAge;
    private final KeyedGauges<String> breakers;
    private final ConcurrentMap<DecisionKey, Counter> decisions = new ConcurrentHashMap<>();
    private final Counter deferralsExpired;
    private final Timer deferralAge;
    private final JvmGcMetrics gcMetrics;

    /** With a fresh registry, nothing plugged into {@link MetricsSources}, the system clock. */
    public GuardMetrics(SnapshotProvider snapshots, IntSupplier level) {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), snapshots, level, MetricsSources.none(),
                Clock.systemUTC());
    }

    /** With the given registry, nothing plugged into {@link MetricsSources}, the system clock. */
    public GuardMetrics(PrometheusMeterRegistry registry, SnapshotProvider snapshots, IntSupplier level) {
        this(registry, snapshots, level, MetricsSources.none(), Clock.systemUTC());
    }

    /**
     * @param registry  where every meter goes, JVM metrics included
     * @param snapshots the sampler's latest snapshot (never samples)
     * @param level     the current degradation level 0-4
     * @param sources   the other suppliers; {@code null} ones leave their metric out
     * @param clock     for reading ages
     */
    public GuardMetrics(PrometheusMeterRegistry registry, SnapshotProvider snapshots, IntSupplier level,
                        MetricsSources sources, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(level, "level");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.clock = Objects.requireNonNull(clock, "clock");

        Gauge.builder("ringrift.resource.degradation.level", () -> level.getAsInt())
                .description("Degradation level 0 Normal, 1 Light, 2 Moderate, 3 Heavy, 4 Critical")
                .register(registry);
        usedPercent = new KeyedGauges<>(registry, r -> Gauge.builder(USED_PERCENT_METER.get(r), () -> usedPercent(r))
                .description("Used share of " + r.key() + " in percent, from the latest snapshot")
                .register(registry));
        readingAge = new KeyedGauges<>(registry, r -> Gauge.builder("ringrift.resource.reading.age", () -> readingAgeSeconds(r))
                .baseUnit("seconds")
                .tag("resource", r.key())
                .description("Age of the latest reading of each resource")
                .register(registry));
        breakers = new KeyedGauges<>(registry, job -> Gauge.builder("ringrift.guard.breaker.state", () -> breakerState(job))
                .tag("job_name", job)
                .description("Circuit breaker state per registered job (label job_name): 0 closed, 1 half-open, 2 open")
                .register(registry));
        deferralsExpired = Counter.builder("ringrift.guard.deferrals.expired")
                .description("Fires dropped after the maximum number of deferrals")
                .register(registry);
        deferralAge = Timer.builder("ringrift.guard.deferral.age")
                .description("Time from the first deferral of a fire until it ran, expired or was superseded")
                .serviceLevelObjectives(DEFERRAL_AGE_BUCKETS)
                .register(registry);
        if (sources.deferralsPending() != null) {
            Gauge.builder("ringrift.guard.deferrals.pending", () -> sources.deferralsPending().getAsLong())
                    .description("Deferrals waiting to re-fire")
                    .register(registry);
        }
        if (sources.spawnTokens() != null) {
            Gauge.builder("ringrift.guard.spawn.tokens", () -> sources.spawnTokens().getAsDouble())
                    .description("Tokens left in the spawn-rate bucket")
                    .register(registry);
        }
        if (sources.auditSpoolRows() != null) {
            Gauge.builder("ringrift.audit.spool.rows", () -> sources.auditSpoolRows().getAsLong())
                    .description("Audit rows waiting in the local spool for the database")
                    .register(registry);
        }

        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        refresh();
    }

    /** The registry, to bind more meters (JobRunr's Micrometer integration) into the same scrape. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Counts one guard decision. Label values must come from small fixed sets (decision and
     * reason codes, priority names) so that the number of series stays bounded.
     *
     * @param decision ALLOW, RESIZE, DEFER, VETO, ...
     * @param priority BACKGROUND ... CRITICAL
     * @param reason   reason code: LEVEL, HEADROOM, BREAKER_OPEN, ...
     */
    @Override
    public void recordDecision(String decision, String priority, String reason) {
        DecisionKey key = new DecisionKey(label("decision", decision), label("priority", priority), label("reason", reason));
        decisions.computeIfAbsent(key, k -> Counter.builder("ringrift.guard.decisions")
                .description("Guard decisions by decision, priority and reason code")
                .tag("decision", k.decision())
                .tag("priority", k.priority())
                .tag("reason", k.reason())
                .register(registry)).increment();
    }

    /** Records how long a fire stayed deferred (from its first deferral until it ran or ended). */
    @Override
    public void recordDeferralAge(Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isNegative()) {
            throw new IllegalArgumentException("deferral age must not be negative, was " + age);
        }
        deferralAge.record(age);
    }

    /** Counts one fire dropped after too many deferrals (audited {@code EXPIRED}). */
    @Override
    public void recordDeferralExpired() {
        deferralsExpired.increment();
    }

    /**
     * Registers and removes the series whose keys change: a used-percent gauge and a reading-age
     * gauge per resource that has a reading in the latest snapshot, a breaker gauge per job that
     * the breaker supplier reports. Called by {@link #scrape()}; call it too before reading the
     * registry some other way.
     */
    public synchronized void refresh() {
        Snapshot snapshot = snapshots.latest();
        List<Resource> present = new ArrayList<>();
        if (snapshot != null) {
            for (Resource r : Resource.values()) {
                if (snapshot.reading(r) != null) {
                    present.add(r);
                }
            }
        }
        usedPercent.sync(present);
        readingAge.sync(present);
        if (sources.breakerStates() != null) {
            Map<String, String> states = sources.breakerStates().get();
            breakers.sync(states == null ? List.of() : List.copyOf(states.keySet()));
        }
    }

    /** {@link #refresh()}, then the whole registry in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        refresh();
        return registry.scrape(CONTENT_TYPE);
    }

    /** Unbinds the GC listener; the registry itself belongs to the caller. */
    @Override
    public void close() {
        gcMetrics.close();
    }

    private Double usedPercent(Resource resource) {
        Reading reading = reading(resource);
        return reading == null ? null : reading.usedPercent();
    }

    private Double readingAgeSeconds(Resource resource) {
        Reading reading = reading(resource);
        if (reading == null) {
            return null;
        }
        Instant now = clock.instant();
        return Math.max(0, Duration.between(reading.takenAt(), now).toMillis()) / 1000.0;
    }

    private Double breakerState(String job) {
        Map<String, String> states = sources.breakerStates().get();
        return states == null ? null : BreakerStateValue.of(states.get(job));
    }

    private Reading reading(Resource resource) {
        Snapshot snapshot = snapshots.latest();
        return snapshot == null ? null : snapshot.reading(resource);
    }

    private static String label(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " label of ringrift_guard_decisions_total must not be blank");
        }
        return value;
    }

    private record DecisionKey(String decision, String priority, String reason) {
    }
}
