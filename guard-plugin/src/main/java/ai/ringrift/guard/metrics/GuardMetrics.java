package ai.ringrift.guard.metrics;

import ai.ringrift.guard.pipeline.DeferralFailure;
import ai.ringrift.guard.pipeline.DecisionSink;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.SnapshotProvider;
import ai.ringrift.scheduler.model.Resource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
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
 * The guard's metrics as a Micrometer {@link MeterBinder}, under the seed's names (see
 * {@link MetricNames}): bound to the registry the host application gives (its
 * {@code MeterRegistry}; the {@code ringrift run} daemon gives its Prometheus registry, which also
 * serves {@code /metrics}). The guard binds no JVM or process metrics of its own: those are the
 * application's (the daemon binds {@link ProcessMetrics}).
 *
 * <p>Values are read when the registry publishes: the resource gauges from
 * {@link SnapshotProvider#latest()}, the level from the {@code level} supplier, the rest from
 * {@link MetricsSources}. Series whose key comes and goes (the GPU, a resource's reading age, a
 * job's breaker) are registered and removed by {@link #refresh()}, which the guard calls on every
 * snapshot and before every scrape: a host without a GPU reading has no
 * {@code ringrift_resource_gpu_used_percent} series at all, not a 0.
 *
 * <p>Bind once ({@link #bindTo}); recording before that counts nothing. {@link #close()} removes
 * every meter this binder registered, so a stopped guard leaves nothing behind in the host's
 * registry. Thread-safe. Recording methods are cheap (one map look-up and an atomic add).
 */
public final class GuardMetrics implements MeterBinder, AutoCloseable, DecisionSink {

    private static final Map<Resource, String> USED_PERCENT_METER = Map.of(
            Resource.CPU, "ringrift.resource.cpu.used.percent",
            Resource.MEMORY, "ringrift.resource.memory.used.percent",
            Resource.GPU, "ringrift.resource.gpu.used.percent",
            Resource.DISK, "ringrift.resource.disk.used.percent",
            Resource.MEMORY_PRESSURE, "ringrift.resource.memory.pressure.percent");

    /** Deferral-age histogram buckets, matched to the backoff (30 s doubling, capped at 15 min). */
    private static final Duration[] DEFERRAL_AGE_BUCKETS = {
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(24)};

    private final SnapshotProvider snapshots;
    private final IntSupplier level;
    private final MetricsSources sources;
    private final Clock clock;
    private final ConcurrentMap<DecisionKey, Counter> decisions = new ConcurrentHashMap<>();
    private final List<Meter> fixedMeters = new ArrayList<>();
    private volatile MeterRegistry registry;
    private KeyedGauges<Resource> usedPercent;
    private KeyedGauges<Resource> readingAge;
    private KeyedGauges<String> breakers;
    private volatile Counter deferralsExpired;
    private volatile Map<DeferralFailure, Counter> deferralFailures = Map.of();
    private volatile Timer deferralAge;

    /** Nothing plugged into {@link MetricsSources}, the system clock. */
    public GuardMetrics(SnapshotProvider snapshots, IntSupplier level) {
        this(snapshots, level, MetricsSources.none(), Clock.systemUTC());
    }

    /**
     * @param snapshots the sampler's latest snapshot (never samples)
     * @param level     the current degradation level 0-4
     * @param sources   the other suppliers; {@code null} ones leave their metric out
     * @param clock     for reading ages
     */
    public GuardMetrics(SnapshotProvider snapshots, IntSupplier level, MetricsSources sources, Clock clock) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.level = Objects.requireNonNull(level, "level");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers the guard's meters in {@code target}. Once: a guard reports to one registry. */
    @Override
    public synchronized void bindTo(MeterRegistry target) {
        Objects.requireNonNull(target, "registry");
        if (registry != null) {
            throw new IllegalStateException("GuardMetrics is bound already (to a " + registry.getClass().getSimpleName()
                    + "); bind one composite registry to report to several");
        }
        fixedMeters.add(Gauge.builder("ringrift.resource.degradation.level", () -> level.getAsInt())
                .description("Degradation level 0 Normal, 1 Light, 2 Moderate, 3 Heavy, 4 Critical")
                .register(target));
        usedPercent = new KeyedGauges<>(target, r -> Gauge.builder(USED_PERCENT_METER.get(r), () -> usedPercent(r))
                .description(r == Resource.MEMORY_PRESSURE
                        ? "Memory pressure: percent of time stalled on memory (PSI full avg10); absent without PSI"
                        : "Used share of " + r.key() + " in percent, from the latest snapshot")
                .register(target));
        readingAge = new KeyedGauges<>(target, r -> Gauge.builder("ringrift.resource.reading.age", () -> readingAgeSeconds(r))
                .baseUnit("seconds")
                .tag("resource", r.key())
                .description("Age of the latest reading of each resource")
                .register(target));
        breakers = new KeyedGauges<>(target, job -> Gauge.builder("ringrift.guard.breaker.state", () -> breakerState(job))
                .tag("job_name", job)
                .description("Circuit breaker state per registered job (label job_name): 0 closed, 1 half-open, 2 open")
                .register(target));
        deferralsExpired = Counter.builder("ringrift.guard.deferrals.expired")
                .description("Fires dropped after the maximum number of deferrals")
                .register(target);
        fixedMeters.add(deferralsExpired);
        Map<DeferralFailure, Counter> failures = new java.util.EnumMap<>(DeferralFailure.class);
        for (DeferralFailure f : DeferralFailure.values()) {
            Counter c = Counter.builder("ringrift.guard.deferral.failures")
                    .description("Deferrals that went wrong (label failure: store, supersede, unaudited, lost); "
                            + "each also an ERROR log line")
                    .tag("failure", f.label())
                    .register(target);
            failures.put(f, c);
            fixedMeters.add(c);
        }
        deferralFailures = failures;
        deferralAge = Timer.builder("ringrift.guard.deferral.age")
                .description("Time from the first deferral of a fire until it ran, expired or was superseded")
                .serviceLevelObjectives(DEFERRAL_AGE_BUCKETS)
                .register(target);
        fixedMeters.add(deferralAge);
        if (sources.deferralsPending() != null) {
            fixedMeters.add(Gauge.builder("ringrift.guard.deferrals.pending", () -> sources.deferralsPending().getAsDouble())
                    .description("Deferrals waiting to re-fire")
                    .register(target));
        }
        if (sources.spawnTokens() != null) {
            fixedMeters.add(Gauge.builder("ringrift.guard.spawn.tokens", () -> sources.spawnTokens().getAsDouble())
                    .description("Tokens left in the spawn-rate bucket")
                    .register(target));
        }
        if (sources.resourceLevels() != null) {
            fixedMeters.add(Gauge.builder("ringrift.memory.pressure.level", () -> pressureLevel(Resource.MEMORY))
                    .description("Memory pressure level 0 NORMAL, 1 WARNING, 2 ELEVATED, 3 CRITICAL, 4 EMERGENCY:"
                            + " the higher of memory and memory pressure (PSI), with hysteresis")
                    .register(target));
            fixedMeters.add(Gauge.builder("ringrift.disk.pressure.level", () -> pressureLevel(Resource.DISK))
                    .description("Disk pressure level 0 NORMAL, 1 WARNING, 2 ELEVATED, 3 CRITICAL, 4 EMERGENCY,"
                            + " with hysteresis")
                    .register(target));
        }
        if (sources.auditSpoolRows() != null) {
            fixedMeters.add(Gauge.builder("ringrift.audit.spool.rows", () -> sources.auditSpoolRows().getAsLong())
                    .description("Audit rows waiting in the local spool for the database")
                    .register(target));
        }
        registry = target;
        refresh();
    }

    /** The registry this binder is bound to (JobRunr's Micrometer integration binds there too); null before {@link #bindTo}. */
    public MeterRegistry registry() {
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
        MeterRegistry registry = this.registry;
        if (registry == null) {
            return;
        }
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
        Timer timer = deferralAge;
        if (timer != null) {
            timer.record(age);
        }
    }

    /** Counts one fire dropped after too many deferrals (audited {@code EXPIRED}). */
    @Override
    public void recordDeferralExpired() {
        Counter counter = deferralsExpired;
        if (counter != null) {
            counter.increment();
        }
    }

    /** Counts one deferral that went wrong ({@link DeferralFailure}). */
    @Override
    public void recordDeferralFailure(DeferralFailure failure) {
        Counter counter = deferralFailures.get(failure);
        if (counter != null) {
            counter.increment();
        }
    }

    /**
     * Registers and removes the series whose keys change: a used-percent gauge and a reading-age
     * gauge per resource that has a reading in the latest snapshot, a breaker gauge per job that
     * the breaker supplier reports. The guard calls it on every snapshot and before every scrape;
     * call it too before reading the registry some other way. A no-op before {@link #bindTo}.
     */
    public synchronized void refresh() {
        if (registry == null) {
            return;
        }
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

    /** Removes every meter this binder registered from the registry (the registry itself belongs to the caller). */
    @Override
    public synchronized void close() {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        usedPercent.clear();
        readingAge.clear();
        breakers.clear();
        fixedMeters.forEach(r::remove);
        fixedMeters.clear();
        decisions.values().forEach(r::remove);
        decisions.clear();
        deferralsExpired = null;
        deferralFailures = Map.of();
        deferralAge = null;
        registry = null;
    }

    /** The level of disk, or of memory and memory pressure (the higher); NaN without a reading. */
    private double pressureLevel(Resource resource) {
        int l = sources.resourceLevels().applyAsInt(resource);
        if (resource == Resource.MEMORY) {
            l = Math.max(l, sources.resourceLevels().applyAsInt(Resource.MEMORY_PRESSURE));
        }
        return l < 0 ? Double.NaN : l;
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
