package ai.ringrift.guard.fleet;

import ai.ringrift.db.DatabaseHealth;
import ai.ringrift.db.fleet.Halt;
import ai.ringrift.db.fleet.HaltStore;
import ai.ringrift.db.fleet.NodeCapacity;
import ai.ringrift.db.fleet.NodeHeartbeat;
import ai.ringrift.db.fleet.NodeReading;
import ai.ringrift.db.fleet.NodeRegistry;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.HaltState;
import ai.ringrift.guard.policy.HostTier;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.SnapshotProvider;
import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the registry: every {@code fleet.heartbeatInterval} (on one daemon thread)
 * it reads the halts that hold it ({@code guard_halt}, and the halt file) and swaps the result into
 * the {@link DecisionEngine}, then writes its heartbeat row. {@link #start} runs the first tick on
 * the caller's thread, so a node that joins during a halt is halted before its first fire. While
 * the database does not answer the last known halt stays in force (a halt is not lifted by an
 * outage) and the file still counts. {@link #close} marks the row stopped.
 */
public final class NodeHeartbeats implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeats.class);

    private final NodeIdentity identity;
    private final FleetSettings settings;
    private final NodeRegistry registry;
    private final HaltStore halts;
    private final SnapshotProvider snapshots;
    private final DecisionEngine engine;
    private final Function<Snapshot, HostTier> tierOf;
    private final Function<HostTier, Double> targetOf;
    private final IntSupplier pendingDeferrals;
    private final Supplier<Map<String, Integer>> running;
    private final Consumer<HaltChange> onHaltChange;
    private final DatabaseHealth health;
    private final Clock clock;
    private final Instant startedAt;
    private final ScheduledExecutorService timer;
    private volatile Optional<Halt> storedHalt = Optional.empty();
    private volatile NodeHeartbeat last;

    /** The node's halt changed: {@code now} is the new state, {@code by} who or what caused it. */
    public record HaltChange(HaltState now, String by, String reason) {
    }

    private NodeHeartbeats(Builder b) {
        this.identity = Objects.requireNonNull(b.identity, "identity");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.registry = Objects.requireNonNull(b.registry, "registry");
        this.halts = Objects.requireNonNull(b.halts, "halts");
        this.snapshots = Objects.requireNonNull(b.snapshots, "snapshots");
        this.engine = Objects.requireNonNull(b.engine, "engine");
        this.tierOf = Objects.requireNonNull(b.tierOf, "tierOf");
        this.targetOf = Objects.requireNonNull(b.targetOf, "targetOf");
        this.pendingDeferrals = Objects.requireNonNull(b.pendingDeferrals, "pendingDeferrals");
        this.running = Objects.requireNonNull(b.running, "running");
        this.onHaltChange = b.onHaltChange == null ? c -> { } : b.onHaltChange;
        this.health = Objects.requireNonNull(b.health, "health");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.startedAt = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringrift-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the first tick now (halts read before the first fire), then one every heartbeat interval. */
    public NodeHeartbeats start() {
        warnIfTheIdIsTaken();
        tick();
        long every = settings.heartbeatInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Two live nodes with one id look like one Quartz instance and one audit writer: say so. */
    private void warnIfTheIdIsTaken() {
        try {
            registry.view(settings.lostAfter()).node(identity.nodeId()).filter(ai.ringrift.db.fleet.FleetView.Node::live)
                    .ifPresent(n -> LOG.warn("fleet: node id {} already has a live heartbeat ({} ago, host {}): if"
                            + " another node runs with this id, give each node its own node.id", identity.nodeId(),
                            n.silentFor(), n.beat().host()));
        } catch (Exception e) {
            // the first tick reports the database's state
        }
    }

    /** One heartbeat: halts first, then the row. Never throws. */
    public void tick() {
        try {
            refreshHalt();
        } catch (RuntimeException e) {
            LOG.warn("fleet: cannot refresh the halt state of {}: {}", identity.nodeId(), e.toString());
        }
        try {
            NodeHeartbeat beat = heartbeat();
            registry.beat(beat);
            last = beat;
            health.succeeded();
        } catch (Exception e) {
            health.failed("the heartbeat of " + identity.nodeId(), e);
        }
    }

    /** The last heartbeat written (null before the first). */
    public NodeHeartbeat last() {
        return last;
    }

    /** The heartbeat as of now (what the next tick writes). */
    public NodeHeartbeat heartbeat() {
        Snapshot s = snapshots.latest();
        Instant now = clock.instant();
        Map<String, NodeReading> readings = new LinkedHashMap<>();
        Double cores = null;
        Double memory = null;
        Double gpu = null;
        Double disk = null;
        if (s != null) {
            for (Reading r : s.readings().values()) {
                readings.put(r.resource().key(), new NodeReading(round(r.usedPercent()), r.source(),
                        Math.max(0, r.age(now).toMillis())));
            }
            cores = s.signal("cpu.capacity.cores").orElse(null);
            memory = totalGb(s, Resource.MEMORY);
            gpu = totalGb(s, Resource.GPU);
            disk = totalGb(s, Resource.DISK);
        }
        HostTier tier = tierOf.apply(s);
        Map<String, Integer> byJob = running.get();
        int runningFires = byJob.values().stream().mapToInt(Integer::intValue).sum();
        HaltState h = engine.halt();
        Resource worst = engine.currentWorstResource();
        return new NodeHeartbeat(identity.nodeId(), identity.host(), identity.version(), tier.name(),
                targetOf.apply(tier), new NodeCapacity(cores, memory, gpu, disk, identity.workerThreads()), readings,
                s == null ? -1 : engine.currentLevel(), worst == null ? null : worst.key(),
                pendingDeferrals.getAsInt(), runningFires, byJob, h.halted(), h.sentence(), startedAt, null, null);
    }

    private void refreshHalt() {
        try {
            storedHalt = halts.haltFor(identity.nodeId());
        } catch (Exception e) {
            health.failed("the halt check of " + identity.nodeId(), e); // the last known halt stays in force
        }
        Optional<Halt> file = fileHalt();
        Optional<Halt> holding = storedHalt.isPresent() ? storedHalt : file;
        HaltState was = engine.halt();
        HaltState next = holding.map(h -> new HaltState(true, h.sentence(), settings.haltRunsFrom()))
                .orElse(new HaltState(false, null, settings.haltRunsFrom()));
        if (!Objects.equals(was, next)) {
            engine.halt(next);
            if (was.halted() != next.halted() || !Objects.equals(was.sentence(), next.sentence())) {
                LOG.info("fleet: node {} {}", identity.nodeId(), next.halted() ? next.sentence() : "resumed");
                Halt cause = holding.orElse(null);
                onHaltChange.accept(new HaltChange(next, cause == null ? "resume" : cause.haltedBy(),
                        cause == null ? "no halt holds the node any more" : cause.reason()));
            }
        }
    }

    /** The halt file's halt, when the file exists: its first line is the reason. */
    private Optional<Halt> fileHalt() {
        Path file = settings.haltFile();
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        String reason = "halt file present";
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                reason = lines.get(0).trim();
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable halt file still halts: the file's presence is the order
        }
        Instant since;
        try {
            since = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            since = clock.instant();
        }
        return Optional.of(new Halt(identity.nodeId(), reason, "halt file " + file, since));
    }

    private static Double totalGb(Snapshot s, Resource r) {
        Reading reading = s.reading(r);
        return reading == null || reading.totalBytes() <= 0 ? null : round(reading.totalGb());
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    /** Stops the timer and marks the node's row stopped. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            registry.stopped(identity.nodeId());
        } catch (Exception e) {
            LOG.warn("fleet: cannot mark node {} stopped: {}", identity.nodeId(), e.toString());
        }
    }

    /** Assembles the heartbeat; every part but the halt-change listener is required. */
    public static final class Builder {
        private NodeIdentity identity;
        private FleetSettings settings;
        private NodeRegistry registry;
        private HaltStore halts;
        private SnapshotProvider snapshots;
        private DecisionEngine engine;
        private Function<Snapshot, HostTier> tierOf;
        private Function<HostTier, Double> targetOf;
        private IntSupplier pendingDeferrals;
        private Supplier<Map<String, Integer>> running;
        private Consumer<HaltChange> onHaltChange;
        private DatabaseHealth health;
        private Clock clock = Clock.systemUTC();

        public Builder identity(NodeIdentity v) { identity = v; return this; }
        public Builder settings(FleetSettings v) { settings = v; return this; }
        public Builder registry(NodeRegistry v) { registry = v; return this; }
        public Builder halts(HaltStore v) { halts = v; return this; }
        public Builder snapshots(SnapshotProvider v) { snapshots = v; return this; }
        public Builder engine(DecisionEngine v) { engine = v; return this; }
        public Builder tier(Function<Snapshot, HostTier> of, Function<HostTier, Double> target) {
            tierOf = of;
            targetOf = target;
            return this;
        }
        public Builder pendingDeferrals(IntSupplier v) { pendingDeferrals = v; return this; }
        public Builder running(Supplier<Map<String, Integer>> v) { running = v; return this; }
        public Builder onHaltChange(Consumer<HaltChange> v) { onHaltChange = v; return this; }
        public Builder health(DatabaseHealth v) { health = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }

        public NodeHeartbeats build() {
            return new NodeHeartbeats(this);
        }
    }
}
