package ai.ringrift.guard.api;

import ai.ringrift.guard.policy.Headroom;
import ai.ringrift.guard.policy.LevelSettings;
import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.policy.ResourceLimit;
import ai.ringrift.guard.sample.DiskSource;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.SnapshotProvider;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import ai.ringrift.guard.settings.Problems;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The checks of the seed-style API, as an instance over a {@link SnapshotProvider}: no statics,
 * no sampling (except {@code checkDiskSpace} with an explicit path, which asks that path's file
 * system, sub-millisecond).
 *
 * <p>A resource passes when its used % is below the max limit <b>and</b> the required amount fits
 * in the headroom under it: {@code available - required >= (1 - max%) x total} (and, with a
 * {@code minFreeGb} floor, {@code available - required >= minFreeGb}). CPU: the headroom is
 * {@code (max% - used%) x capacity cores}, and the 1-minute load per logical CPU must stay below
 * {@code loadMaxFactor}. A missing GPU passes; other missing readings, and a stale snapshot, fail.
 * Needs of open {@link ResourceLease}s acquired on the current snapshot are reserved until the
 * next one, so a burst of acquires cannot over-admit. Memory pressure (PSI), where measured, is
 * checked with memory: at or above its max the memory check fails; a host without PSI passes it.
 *
 * <p>{@link #memoryPressureLevel()} and {@link #diskPressureLevel()} name the product level of the
 * ratio used % / max % in the bands of {@link LevelSettings} ({@link PressureLevel}); without
 * hysteresis, as the seed. {@link #checkAndCleanup} runs a graded {@link DiskCleanup} for the disk's
 * level, synchronously.
 */
public final class ResourceChecker {

    private static final double GB = 1e9;

    /** The seed's safety margin: {@code checkDiskForWrite} wants this much free beyond the write itself. */
    public static final double WRITE_MARGIN_GB = 1.0;

    private final SnapshotProvider provider;
    private final Limits limits;
    private final ApiSettings settings;
    private final Clock clock;
    private final List<ResourceLease> leases = new CopyOnWriteArrayList<>();
    private final PathDisk pathDisk;
    private final LevelSettings levels;

    /** Reads the disk holding a path now; production reads the file system ({@link DiskSource#measureNow}). */
    @FunctionalInterface
    interface PathDisk {
        Reading measure(Path path, Clock clock) throws IOException;
    }

    /** A checker with the default level bands ({@link LevelSettings#DEFAULTS}). */
    public ResourceChecker(SnapshotProvider provider, Limits limits, ApiSettings settings, Clock clock) {
        this(provider, limits, LevelSettings.DEFAULTS, settings, clock, DiskSource::measureNow);
    }

    /** A checker whose pressure levels use the configured {@code levels.bands}. */
    public ResourceChecker(SnapshotProvider provider, Limits limits, LevelSettings levels, ApiSettings settings,
                           Clock clock) {
        this(provider, limits, levels, settings, clock, DiskSource::measureNow);
    }

    /** Test seam: the per-path disk reading comes from {@code pathDisk} (tests inject readings). */
    ResourceChecker(SnapshotProvider provider, Limits limits, ApiSettings settings, Clock clock, PathDisk pathDisk) {
        this(provider, limits, LevelSettings.DEFAULTS, settings, clock, pathDisk);
    }

    ResourceChecker(SnapshotProvider provider, Limits limits, LevelSettings levels, ApiSettings settings, Clock clock,
                    PathDisk pathDisk) {
        this.levels = Problems.requireValid(Objects.requireNonNull(levels, "levels"), "levels");
        this.pathDisk = Objects.requireNonNull(pathDisk, "pathDisk");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.limits = Problems.requireValid(Objects.requireNonNull(limits, "limits"), "limits");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Limits limits() {
        return limits;
    }

    public ApiSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public SnapshotProvider provider() {
        return provider;
    }

    // ---- single checks -------------------------------------------------------------------

    public boolean checkDiskSpace(double requiredGb) {
        return diskShortfall(requiredGb, null).isEmpty();
    }

    /** Like {@link #checkDiskSpace(double)} for the file system holding {@code path} (read now). */
    public boolean checkDiskSpace(double requiredGb, Path path) {
        return diskShortfall(requiredGb, path).isEmpty();
    }

    /**
     * Whether {@code estimatedBytes} can be written under {@code path} (need not exist yet): the
     * write plus the seed's {@link #WRITE_MARGIN_GB} safety margin must fit under the disk limit.
     */
    public boolean checkDiskForWrite(Path path, long estimatedBytes) {
        if (estimatedBytes < 0) {
            throw new IllegalArgumentException("estimatedBytes must be >= 0, was " + estimatedBytes);
        }
        return checkDiskSpace(estimatedBytes / GB + WRITE_MARGIN_GB, Objects.requireNonNull(path, "path"));
    }

    /** Memory, and memory pressure where PSI measures it. */
    public boolean checkMemory(double requiredGb) {
        Snapshot s = provider.latest();
        return shortfall(s, Resource.MEMORY, requiredGb, reserved(s)) == null
                && shortfall(s, Resource.MEMORY_PRESSURE, 0, ResourceNeeds.NONE) == null;
    }

    public boolean checkCpu() {
        return shortfall(provider.latest(), Resource.CPU, 0, ResourceNeeds.NONE) == null;
    }

    /** Passes when there is no GPU. */
    public boolean checkGpuMemory(double requiredGb) {
        return shortfall(provider.latest(), Resource.GPU, requiredGb, reserved(provider.latest())) == null;
    }

    /** CPU, memory (and memory pressure) and disk, and GPU when {@code needs} asks for GPU memory. */
    public boolean canProceed(ResourceNeeds needs) {
        return canProceed(needs, CheckSwitches.forNeeds(needs));
    }

    /** Like the seed's {@code can_proceed(check_disk=..., check_mem=..., check_cpu=..., check_gpu=...)}. */
    public boolean canProceed(ResourceNeeds needs, CheckSwitches switches) {
        return shortfalls(needs, switches).isEmpty();
    }

    public boolean canProceed(double diskGb, double memoryGb, double gpuGb) {
        return canProceed(ResourceNeeds.of(0, memoryGb, gpuGb, diskGb));
    }

    /** Every resource that cannot serve {@code needs} now; empty when it can proceed. */
    public List<Shortfall> shortfalls(ResourceNeeds needs) {
        return shortfalls(needs, CheckSwitches.forNeeds(needs));
    }

    /** Every switched-on resource that cannot serve {@code needs} now. */
    public List<Shortfall> shortfalls(ResourceNeeds needs, CheckSwitches switches) {
        Objects.requireNonNull(switches, "switches");
        Snapshot s = provider.latest();
        ResourceNeeds r = reserved(s);
        List<Shortfall> out = new ArrayList<>();
        for (Resource res : Resource.values()) {
            if (!switches.checks(res)) {
                continue;
            }
            Shortfall f = shortfall(s, res, needs.amount(res), r);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    /** Throws naming each short resource and by how much. */
    public void requireResources(ResourceNeeds needs) {
        List<Shortfall> f = shortfalls(needs);
        if (!f.isEmpty()) {
            throw new ResourcesUnavailableException(f);
        }
    }

    /**
     * Polls the latest snapshot (never the OS) every {@code pollInterval} until {@code needs} can
     * proceed; false at {@code timeout}.
     */
    public boolean waitForResources(Duration timeout, ResourceNeeds needs) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            if (canProceed(needs)) {
                return true;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(left.toMillis(), settings.pollInterval().toMillis())));
        }
    }

    /** Checks now and, when ok, reserves {@code needs} until the next snapshot or {@code close()}. */
    public ResourceLease acquire(ResourceNeeds needs) {
        synchronized (leases) {
            Snapshot s = provider.latest();
            List<Shortfall> f = shortfalls(needs);
            ResourceLease lease = new ResourceLease(this, needs, s.sequence(), f);
            if (f.isEmpty()) {
                leases.add(lease);
            }
            return lease;
        }
    }

    void release(ResourceLease lease) {
        leases.remove(lease);
    }

    /** Sum of the needs of open leases taken on {@code s}; older ones lapse. */
    ResourceNeeds reserved(Snapshot s) {
        ResourceNeeds sum = ResourceNeeds.NONE;
        for (ResourceLease l : leases) {
            if (l.snapshotSequence() >= s.sequence()) {
                sum = sum.plus(l.needs());
            } else {
                leases.remove(l);
            }
        }
        return sum;
    }

    // ---- the rule --------------------------------------------------------------------------

    private List<Shortfall> diskShortfall(double requiredGb, Path path) {
        checkAmount("requiredGb", requiredGb);
        Snapshot s = provider.latest();
        Shortfall f;
        if (path == null) {
            f = shortfall(s, Resource.DISK, requiredGb, reserved(s));
        } else {
            try {
                Reading r = pathDisk.measure(path, clock);
                f = evaluate(r, Resource.DISK, requiredGb, 0, s);
            } catch (IOException e) {
                f = new Shortfall(Resource.DISK, 0, "GB", "disk: cannot measure " + path + ": " + e.getMessage());
            }
        }
        return f == null ? List.of() : List.of(f);
    }

    private Shortfall shortfall(Snapshot s, Resource res, double required, ResourceNeeds reserved) {
        checkAmount(res.key() + " required", required);
        Instant now = clock.instant();
        if (s.isStale(now)) {
            return new Shortfall(res, 0, unit(res), String.format(Locale.ROOT,
                    "%s: readings are stale (%.1f s old, stale after %.1f s)", res.key(),
                    s.age(now).toMillis() / 1000.0, s.staleAfter().toMillis() / 1000.0));
        }
        Reading r = s.reading(res);
        if (r == null) {
            if (res == Resource.GPU || res == Resource.MEMORY_PRESSURE) {
                return null; // no GPU, no PSI: those checks pass
            }
            return new Shortfall(res, 0, unit(res), res.key() + ": not measured ("
                    + s.missingReason(res).orElse("no reading") + ")");
        }
        return evaluate(r, res, required, reserved.amount(res), s);
    }

    private Shortfall evaluate(Reading r, Resource res, double required, double reserved, Snapshot s) {
        ResourceLimit lim = limits.of(res);
        double max = lim.maxPercent();
        if (lim.ratio(r.usedPercent()) >= 1.0) {
            return new Shortfall(res, r.usedPercent() - max, "points", String.format(Locale.ROOT,
                    "%s at %.1f%% >= max %.0f%% (over by %.1f points)", res.key(), r.usedPercent(), max,
                    r.usedPercent() - max));
        }
        double want = required + reserved;
        Headroom room = Headroom.of(res, r, lim, s);
        if (res == Resource.CPU) {
            double headroom = room.free();
            if (room.known() && want > headroom) {
                return new Shortfall(res, want - headroom, "cores", String.format(Locale.ROOT,
                        "cpu: needs %.2f cores%s, %.2f free under the %.0f%% limit (short by %.2f cores)",
                        required, reservedText(reserved, "cores"), headroom, max, want - headroom));
            }
            Double load = s.signals().get("load.1m");
            Double logical = s.signals().get("cpu.logical");
            if (load != null && logical != null && logical > 0) {
                double perCore = load / logical;
                if (perCore >= settings.loadMaxFactor()) {
                    return new Shortfall(res, perCore - settings.loadMaxFactor(), "load/core", String.format(Locale.ROOT,
                            "cpu: load %.2f per logical CPU >= %.2f (over by %.2f)", perCore,
                            settings.loadMaxFactor(), perCore - settings.loadMaxFactor()));
                }
            }
            return null;
        }
        if (!room.known()) {
            return null; // a percent-only reading: only the percentage can be checked
        }
        double headroom = room.free();
        if (want > 0 && want > headroom || headroom <= 0) {
            double shortBy = want - Math.max(0, headroom);
            return new Shortfall(res, shortBy, "GB", String.format(Locale.ROOT,
                    "%s: needs %.2f GB%s, %.2f GB free under the %.0f%% limit%s (short by %.2f GB)", res.key(),
                    required, reservedText(reserved, "GB"), Math.max(0, headroom), max,
                    lim.minFreeGb() > 0 ? String.format(Locale.ROOT, " and %.1f GB floor", lim.minFreeGb()) : "",
                    shortBy));
        }
        return null;
    }

    private static String reservedText(double reserved, String unit) {
        return reserved > 0 ? String.format(Locale.ROOT, " (+%.2f %s reserved by open leases)", reserved, unit) : "";
    }

    private static String unit(Resource r) {
        return r == Resource.CPU ? "cores" : "GB";
    }

    private static void checkAmount(String name, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + v);
        }
    }

    // ---- named pressure levels and cleanup ----------------------------------------------------

    /**
     * The memory's named level: the higher of memory and memory pressure (PSI, where measured).
     * Fails closed: a stale snapshot or a missing memory reading is {@link PressureLevel#EMERGENCY}.
     */
    public PressureLevel memoryPressureLevel() {
        Snapshot s = provider.latest();
        PressureLevel mem = levelOf(s, Resource.MEMORY);
        Reading psi = s.reading(Resource.MEMORY_PRESSURE);
        if (psi == null || mem == PressureLevel.EMERGENCY) {
            return mem;
        }
        PressureLevel p = levelOf(s, Resource.MEMORY_PRESSURE);
        return p.atLeast(mem) ? p : mem;
    }

    /** The disk's named level; a stale snapshot or a missing disk reading is {@link PressureLevel#EMERGENCY}. */
    public PressureLevel diskPressureLevel() {
        return levelOf(provider.latest(), Resource.DISK);
    }

    private PressureLevel levelOf(Snapshot s, Resource res) {
        Reading r = s.reading(res);
        if (r == null || s.isStale(clock.instant())) {
            return PressureLevel.EMERGENCY;
        }
        return levelOfReading(res, r);
    }

    private PressureLevel levelOfReading(Resource res, Reading r) {
        return PressureLevel.of(levels.levelOf(limits.of(res).ratio(res, r)));
    }

    /**
     * The seed's check-and-cleanup: reads the disk holding {@code cleanup.root()} now, runs the
     * cleanup for that disk's level synchronously (with {@code dryRun} nothing is deleted), and
     * reads the disk again.
     *
     * @throws IOException when the disk cannot be read or the cleanup cannot list its files
     */
    public CleanupReport checkAndCleanup(DiskCleanup cleanup, boolean dryRun) throws IOException {
        Objects.requireNonNull(cleanup, "cleanup");
        Path root = cleanup.root();
        Reading before = pathDisk.measure(root, clock);
        PressureLevel was = levelOfReading(Resource.DISK, before);
        DiskCleanup.CleanupResult result = cleanup.run(was.level(), dryRun);
        Reading after = dryRun ? before : pathDisk.measure(root, clock);
        PressureLevel now = levelOfReading(Resource.DISK, after);
        boolean ok = limits.of(Resource.DISK).ratio(Resource.DISK, after) < 1.0;
        return new CleanupReport(was, now, result, ok);
    }

    // ---- status and advice -------------------------------------------------------------------

    public ResourceStatus getResourceStatus() {
        Snapshot s = provider.latest();
        Instant now = clock.instant();
        Map<Resource, ResourceState> rows = new EnumMap<>(Resource.class);
        for (Resource res : Resource.values()) {
            ResourceLimit lim = limits.of(res);
            Reading r = s.reading(res);
            String unit = ResourceState.unitOf(res);
            if (r == null) {
                rows.put(res, new ResourceState(res, Double.NaN, lim.maxPercent(), lim.warnPercent(),
                        res == Resource.GPU || res == Resource.MEMORY_PRESSURE, false, "", null,
                        s.missingReason(res).orElse("no reading"), Double.NaN, Double.NaN, unit));
            } else {
                boolean ok = shortfall(s, res, 0, ResourceNeeds.NONE) == null;
                double total = Double.NaN;
                double available = Double.NaN;
                if (res == Resource.CPU) {
                    total = Headroom.cpuCapacity(s);
                    available = total * (100 - r.usedPercent()) / 100;
                } else if (r.totalBytes() > 0) {
                    total = r.totalGb();
                    available = r.availableGb();
                }
                rows.put(res, new ResourceState(res, r.usedPercent(), lim.maxPercent(), lim.warnPercent(), ok,
                        r.usedPercent() >= lim.warnPercent(), r.source(), r.age(now), r.detail(), available, total,
                        unit));
            }
        }
        return new ResourceStatus(s.takenAt(), s.isStale(now), rows, s.signals());
    }

    /** An aligned table: resource, used, max, warn, state, source, age, detail. */
    public void printResourceStatus(PrintStream out) {
        ResourceStatus st = getResourceStatus();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RESOURCE", "USED", "MAX", "WARN", "STATE", "SOURCE", "AGE", "DETAIL"});
        for (ResourceState r : st.resources().values()) {
            String state = !r.measured() ? (r.ok() ? "N/A" : "MISSING")
                    : !r.ok() ? "OVER" : r.warning() ? "WARN" : "OK";
            rows.add(new String[] {r.resource().key(),
                    r.measured() ? String.format(Locale.ROOT, "%.1f%%", r.usedPercent()) : "-",
                    String.format(Locale.ROOT, "%.0f%%", r.maxPercent()),
                    String.format(Locale.ROOT, "%.0f%%", r.warnPercent()), state,
                    r.source().isEmpty() ? "-" : r.source(),
                    r.age() == null ? "-" : String.format(Locale.ROOT, "%.1fs", r.age().toMillis() / 1000.0),
                    r.detail()});
        }
        int[] w = new int[8];
        for (String[] row : rows) {
            for (int i = 0; i < 7; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 7; i++) {
                boolean right = i >= 1 && i <= 3;
                b.append(right ? pad(row[i], w[i], true) : pad(row[i], w[i], false)).append("  ");
            }
            b.append(row[7]);
            out.println(b.toString().stripTrailing());
        }
        out.println(st.stale() ? "readings are STALE (taken " + st.takenAt() + ")" : "readings taken " + st.takenAt());
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    /** One line per resource, e.g. {@code Disk at 72%: archive old games or delete unused data}. */
    public List<String> recommendedActions() {
        Snapshot s = provider.latest();
        List<String> out = new ArrayList<>();
        for (Resource res : List.of(Resource.DISK, Resource.MEMORY, Resource.MEMORY_PRESSURE, Resource.CPU,
                Resource.GPU)) {
            String name = res == Resource.GPU ? "GPU" : res == Resource.CPU ? "CPU"
                    : Character.toUpperCase(res.label().charAt(0)) + res.label().substring(1);
            Reading r = s.reading(res);
            if (r == null && res == Resource.MEMORY_PRESSURE) {
                continue; // no PSI on this host: nothing to advise
            }
            if (r == null) {
                out.add(name + " not measured: " + s.missingReason(res).orElse("no reading"));
                continue;
            }
            ResourceLimit lim = limits.of(res);
            double u = r.usedPercent();
            if (u >= lim.maxPercent()) {
                out.add(String.format(Locale.ROOT, "%s at %.0f%%: %s", name, u, action(res)));
            } else if (u >= lim.warnPercent()) {
                out.add(String.format(Locale.ROOT, "%s at %.0f%% (warning at %.0f%%): soon %s", name, u,
                        lim.warnPercent(), action(res)));
            } else {
                out.add(String.format(Locale.ROOT, "%s OK at %.0f%%", name, u));
            }
        }
        Double load = s.signals().get("load.1m");
        Double logical = s.signals().get("cpu.logical");
        if (load != null && logical != null && logical > 0 && load / logical >= settings.loadMaxFactor()) {
            out.add(String.format(Locale.ROOT, "CPU load %.2f per logical CPU (limit %.2f): reduce parallel workers",
                    load / logical, settings.loadMaxFactor()));
        }
        return out;
    }

    private static String action(Resource r) {
        return switch (r) {
            case DISK -> "archive old games or delete unused data";
            case MEMORY -> "reduce batch sizes or the number of parallel workers";
            case CPU -> "reduce parallel workers or defer background jobs";
            case GPU -> "reduce batch size or free GPU memory held by idle processes";
            case MEMORY_PRESSURE -> "the host is stalling on memory: stop or shrink memory-hungry jobs";
        };
    }
}
