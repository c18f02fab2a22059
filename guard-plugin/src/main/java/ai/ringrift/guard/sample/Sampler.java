package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.guard.settings.Problems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sampling thread. Every {@code interval} it asks each {@link ReadingSource} for readings
 * and publishes an immutable {@link Snapshot}; {@link #latest()} returns it without I/O. A source
 * that throws marks the resources it {@link ReadingSource#covers() covers} missing with
 * {@code "NAME failed: message"}; the thread never dies.
 */
public final class Sampler implements SnapshotProvider, AutoCloseable {

    public static final String THREAD_NAME = "ringrift-sampler";
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);
    /**
     * How long after {@link #start()} snapshots are marked {@link Snapshot#startup() start-up}
     * (at least two intervals): the JVM's class loading and JIT and the host application's own
     * start-up (Flyway, Quartz, JobRunr) load this process for a few seconds. Those readings set
     * the level (a loaded host is protected at once) but the dwell does not hold what they set.
     */
    public static final Duration STARTUP_WINDOW = Duration.ofSeconds(10);

    private final SamplingSettings settings;
    private final List<ReadingSource> sources;
    private final Clock clock;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> loggedFailures = Collections.synchronizedSet(new HashSet<>());
    private volatile Snapshot latest;
    private volatile List<GpuDevice> gpuDevices = List.of();
    private long sequence;
    private ScheduledExecutorService executor;
    private boolean closed;
    private Instant startupUntil;

    public Sampler(SamplingSettings settings, List<ReadingSource> sources, Clock clock) {
        this.settings = Problems.requireValid(Objects.requireNonNull(settings, "settings"), "sampling");
        this.sources = List.copyOf(sources);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.latest = Snapshot.empty(clock.instant());
    }

    /**
     * A sampler over the standard sources: OSHI CPU (tick diffs, cgroup quota), memory (host or
     * cgroup), disk (java.nio FileStore), GPU (NVML, else nvidia-smi, else absent) and PSI.
     *
     * @throws IllegalStateException when {@code gpu} is {@link GpuMode#ON} and no GPU can be read
     */
    public static Sampler withDefaultSources(SamplingSettings settings) {
        return new Sampler(settings, DefaultSources.create(settings), Clock.systemUTC());
    }

    /** Takes a first sample on the caller's thread, then samples every interval on a daemon thread. */
    public synchronized Sampler start() {
        if (closed) {
            throw new IllegalStateException("sampler is closed");
        }
        if (executor != null) {
            return this;
        }
        Duration window = settings.interval().multipliedBy(2);
        startupUntil = clock.instant().plus(window.compareTo(STARTUP_WINDOW) > 0 ? window : STARTUP_WINDOW);
        sampleOnce();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        long ms = settings.interval().toMillis();
        executor.scheduleAtFixedRate(this::sampleSafely, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    private void sampleSafely() {
        try {
            sampleOnce();
        } catch (Throwable t) { // a scheduled task that throws is never run again: never let it
            LOG.error("sampling failed; next sample in {}", settings.interval(), t);
        }
    }

    /** Reads every source now, publishes and returns the snapshot. Safe from any thread. */
    public synchronized Snapshot sampleOnce() {
        Map<Resource, Reading> readings = new EnumMap<>(Resource.class);
        Map<Resource, String> missing = new EnumMap<>(Resource.class);
        Map<String, Double> signals = new LinkedHashMap<>();
        List<GpuDevice> devices = gpuDevices;
        for (ReadingSource source : sources) {
            if (source instanceof UnavailableSource u) {
                for (Resource r : u.covers()) {
                    missing.putIfAbsent(r, u.reason());
                }
                continue;
            }
            try {
                for (Reading r : source.read()) {
                    readings.put(r.resource(), r);
                }
                signals.putAll(source.signals());
                if (source instanceof GpuDeviceSource g) {
                    devices = g.devices();
                }
                for (Resource r : source.covers()) {
                    if (!readings.containsKey(r)) {
                        missing.putIfAbsent(r, source.noReadingReason(r));
                    }
                }
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) {
                    throw e;
                }
                String reason = source.name() + " failed: " + t;
                if (t.getMessage() != null) {
                    reason = source.name() + " failed: " + t.getMessage();
                }
                for (Resource r : source.covers()) {
                    missing.put(r, reason);
                }
                if (source instanceof GpuDeviceSource) {
                    devices = List.of();
                }
                if (loggedFailures.add(reason)) {
                    LOG.warn("reading source {} failed (logged once per message): {}", source.name(), t.toString());
                }
            }
        }
        for (Resource r : readings.keySet()) {
            missing.remove(r);
        }
        for (Resource r : Resource.values()) {
            if (!readings.containsKey(r)) {
                missing.putIfAbsent(r, "no source measures " + r.key());
            }
        }
        Instant now = clock.instant();
        boolean startup = startupUntil != null && now.isBefore(startupUntil);
        Snapshot snap = new Snapshot(++sequence, now, settings.staleAfter(), readings, missing, signals, startup);
        gpuDevices = List.copyOf(devices);
        latest = snap;
        for (Consumer<Snapshot> l : listeners) {
            try {
                l.accept(snap);
            } catch (RuntimeException e) {
                LOG.warn("snapshot listener {} failed", l, e);
            }
        }
        return snap;
    }

    /** The last published snapshot; no I/O. Before the first sample: everything missing, stale. */
    @Override
    public Snapshot latest() {
        return latest;
    }

    /** Per-device GPU details of the last sample (name, UUID, memory, utilisation); empty without GPU. */
    public List<GpuDevice> gpuDevices() {
        return gpuDevices;
    }

    /** Called on the sampling thread after each publish; exceptions are logged and ignored. */
    public void addListener(Consumer<Snapshot> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Consumer<Snapshot> listener) {
        listeners.remove(listener);
    }

    public SamplingSettings settings() {
        return settings;
    }

    public List<ReadingSource> sources() {
        return sources;
    }

    /** Stops the thread and closes every source (NVML shutdown). Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService ex;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ex = executor;
        }
        if (ex != null) {
            ex.shutdownNow();
            try {
                ex.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ReadingSource> reversed = new ArrayList<>(sources);
        Collections.reverse(reversed);
        for (ReadingSource s : reversed) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing source {} failed", s.name(), e);
            }
        }
    }
}
