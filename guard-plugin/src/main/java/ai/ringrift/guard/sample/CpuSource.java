package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import oshi.hardware.CentralProcessor;

/**
 * CPU use. On a host: the difference of OSHI's system CPU ticks between two samples (never
 * {@code getSystemCpuLoad(delay)}, which sleeps the caller). In a cgroup with a CPU quota the
 * capacity is the quota: used % = cgroup CPU time between samples / (wall time x quota cores),
 * source {@code cgroup}. The very first sample has nothing to diff against. Under a quota it
 * measures this container at once: the cgroup's CPU time over a short {@code firstWindow}
 * (default {@link #FIRST_WINDOW}, on the caller's thread, so before {@code Sampler.start()}
 * returns), never the host-wide load average (other tenants' load divided by this quota). On a
 * host without a quota the first sample reports the 1-minute load average per logical CPU, a
 * host-wide figure of the host-wide CPUs (detail says "approximated").
 *
 * <p>Signals: {@code load.1m}, {@code load.5m}, {@code load.15m} (when the OS has them),
 * {@code cpu.logical} and {@code cpu.capacity.cores} (quota cores, else logical CPUs).
 */
public final class CpuSource implements ReadingSource {

    /** The window of the first measurement under a cgroup quota. */
    public static final Duration FIRST_WINDOW = Duration.ofMillis(250);

    /** Waits out the first measurement window (tests replace it). */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws Exception;
    }

    private final CentralProcessor processor;
    private final CgroupPaths cgroups;
    private final Clock clock;
    private final Duration firstWindow;
    private final Pause pause;
    private long[] previousTicks;
    private CgroupCpu previousCgroup;
    private long previousNanos;
    private Map<String, Double> signals = Map.of();

    public CpuSource(CentralProcessor processor, CgroupPaths cgroups, Clock clock) {
        this(processor, cgroups, clock, FIRST_WINDOW, d -> Thread.sleep(d.toMillis()));
    }

    public CpuSource(CentralProcessor processor, CgroupPaths cgroups, Clock clock, Duration firstWindow, Pause pause) {
        this.processor = processor;
        this.cgroups = cgroups;
        this.clock = clock;
        this.firstWindow = firstWindow;
        this.pause = pause;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Set<Resource> covers() {
        return Set.of(Resource.CPU);
    }

    @Override
    public List<Reading> read() throws Exception {
        int logical = processor.getLogicalProcessorCount();
        double[] load = processor.getSystemLoadAverage(3);
        Optional<CgroupCpu> quota = cgroups == null ? Optional.empty() : CgroupCpu.read(cgroups);
        long nanos = System.nanoTime();
        double capacity = quota.map(CgroupCpu::quotaCores).orElse((double) logical);

        Map<String, Double> sig = new LinkedHashMap<>();
        String[] keys = {"load.1m", "load.5m", "load.15m"};
        for (int i = 0; i < 3 && i < load.length; i++) {
            if (load[i] >= 0) {
                sig.put(keys[i], load[i]);
            }
        }
        sig.put("cpu.logical", (double) logical);
        sig.put("cpu.capacity.cores", capacity);
        signals = Map.copyOf(sig);

        Reading reading;
        if (quota.isPresent()) {
            CgroupCpu now = quota.get();
            String detail = String.format(java.util.Locale.ROOT, "cgroup v%d quota %.2f cores", now.version(), capacity);
            if (previousCgroup != null && previousCgroup.version() == now.version()) {
                double pct = now.usedPercentSince(previousCgroup, nanos - previousNanos);
                reading = new Reading(Resource.CPU, pct, 0, 0, 0, "cgroup", clock.instant(), detail);
            } else {
                // first sample: measure this cgroup over a short window, not the host's load
                pause.pause(firstWindow);
                Optional<CgroupCpu> after = CgroupCpu.read(cgroups);
                long afterNanos = System.nanoTime();
                if (after.isPresent() && after.get().version() == now.version()) {
                    double pct = after.get().usedPercentSince(now, afterNanos - nanos);
                    reading = new Reading(Resource.CPU, pct, 0, 0, 0, "cgroup", clock.instant(),
                            detail + String.format(java.util.Locale.ROOT, ", first sample measured over %d ms",
                                    (afterNanos - nanos) / 1_000_000));
                    now = after.get();
                    nanos = afterNanos;
                } else {
                    reading = fromLoad(sig, capacity, "cgroup", detail);
                }
            }
            previousCgroup = now;
            previousNanos = nanos;
            previousTicks = null;
        } else {
            long[] ticks = processor.getSystemCpuLoadTicks();
            String detail = logical + " logical CPUs";
            if (previousTicks != null && totalDiff(previousTicks, ticks) > 0) {
                double pct = 100 * processor.getSystemCpuLoadBetweenTicks(previousTicks, ticks);
                reading = new Reading(Resource.CPU, pct, 0, 0, 0, "host", clock.instant(), detail);
                previousTicks = ticks;
            } else if (previousTicks != null) {
                // OSHI served the cached ticks (< 300 ms apart): keep the earlier baseline
                reading = fromLoad(sig, capacity, "host", detail);
            } else {
                reading = fromLoad(sig, capacity, "host", detail);
                previousTicks = ticks;
            }
            previousCgroup = null;
        }
        return List.of(reading);
    }

    private Reading fromLoad(Map<String, Double> sig, double capacity, String source, String detail) {
        Double l1 = sig.get("load.1m");
        double pct = l1 == null || capacity <= 0 ? 0 : 100 * l1 / capacity;
        return new Reading(Resource.CPU, pct, 0, 0, 0, source, clock.instant(),
                detail + ", approximated from load.1m (no tick difference yet)");
    }

    private static long totalDiff(long[] a, long[] b) {
        long t = 0;
        for (int i = 0; i < a.length && i < b.length; i++) {
            t += b[i] - a[i];
        }
        return t;
    }

    @Override
    public Map<String, Double> signals() {
        return signals;
    }
}
