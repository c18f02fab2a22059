package ai.ringrift.guard.sample;

import ai.ringrift.guard.sample.gpu.GpuDevice;
import ai.ringrift.guard.sample.nvml.NvmlClient;
import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * GPU memory use from NVML (source {@code nvml}) or {@code nvidia-smi} (source
 * {@code nvidia-smi}). Used % is the fullest device's memory used %; its detail names the device.
 * Signals: {@code gpu.count}, {@code gpu.N.memory.percent}, {@code gpu.N.util.percent} (absent
 * under MIG). Per-device details: {@link #devices()}.
 */
public final class GpuSource implements GpuDeviceSource {

    /** Reads the devices now. */
    @FunctionalInterface
    public interface DeviceReader {
        List<GpuDevice> read() throws Exception;
    }

    private final String source;
    private final DeviceReader reader;
    private final AutoCloseable onClose;
    private final Clock clock;
    private volatile List<GpuDevice> devices = List.of();
    private Map<String, Double> signals = Map.of();

    public GpuSource(String source, DeviceReader reader, AutoCloseable onClose, Clock clock) {
        this.source = source;
        this.reader = reader;
        this.onClose = onClose;
        this.clock = clock;
    }

    public static GpuSource nvml(NvmlClient client, Clock clock) {
        return new GpuSource("nvml", client::devices, client, clock);
    }

    public static GpuSource nvidiaSmi(NvidiaSmi smi, Clock clock) {
        return new GpuSource("nvidia-smi", smi::query, null, clock);
    }

    @Override
    public String name() {
        return source;
    }

    @Override
    public Set<Resource> covers() {
        return Set.of(Resource.GPU);
    }

    @Override
    public List<Reading> read() throws Exception {
        signals = Map.of();
        devices = List.of(); // a failed read leaves no stale device details behind
        List<GpuDevice> now = List.copyOf(reader.read());
        devices = now;
        Map<String, Double> sig = new LinkedHashMap<>();
        sig.put("gpu.count", (double) now.size());
        GpuDevice worst = null;
        for (GpuDevice d : now) {
            sig.put("gpu." + d.index() + ".memory.percent", d.memoryUsedPercent());
            if (d.hasUtilization()) {
                sig.put("gpu." + d.index() + ".util.percent", d.utilizationPercent());
            }
            if (worst == null || d.memoryUsedPercent() > worst.memoryUsedPercent()) {
                worst = d;
            }
        }
        signals = Map.copyOf(sig);
        if (worst == null) {
            return List.of();
        }
        String detail = worst.describe() + (now.size() > 1 ? String.format(Locale.ROOT, " (fullest of %d)", now.size()) : "");
        return List.of(new Reading(Resource.GPU, worst.memoryUsedPercent(), worst.usedBytes(), worst.totalBytes(),
                worst.freeBytes(), source, clock.instant(), detail));
    }

    @Override
    public Map<String, Double> signals() {
        return signals;
    }

    @Override
    public List<GpuDevice> devices() {
        return devices;
    }

    @Override
    public void close() {
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(GpuSource.class).warn("closing {} failed", source, e);
            }
        }
    }
}
