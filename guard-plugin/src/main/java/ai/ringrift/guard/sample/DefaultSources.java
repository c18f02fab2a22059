package ai.ringrift.guard.sample;

import ai.ringrift.guard.sample.nvml.NvmlClient;
import ai.ringrift.guard.sample.nvml.NvmlException;
import ai.ringrift.guard.settings.HostMismatchException;
import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/** Builds the standard sources of {@link Sampler#withDefaultSources(SamplingSettings)}. */
public final class DefaultSources {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSources.class);

    private DefaultSources() {
    }

    public static List<ReadingSource> create(SamplingSettings settings) {
        Clock clock = Clock.systemUTC();
        HardwareAbstractionLayer hal = new SystemInfo().getHardware();
        CgroupPaths cgroups = CgroupPaths.system();
        List<ReadingSource> sources = new ArrayList<>();
        sources.add(new CpuSource(hal.getProcessor(), cgroups, clock));
        sources.add(new MemorySource(hal.getMemory(), cgroups, clock));
        sources.add(new DiskSource(settings.diskPaths(), clock));
        sources.add(gpu(settings.gpu(), null, NvidiaSmi.findOnPath(), clock));
        sources.add(PsiSource.system(cgroups, clock));
        return sources;
    }

    /**
     * The GPU source: NVML, else {@code nvidia-smi} when it is on PATH, else an
     * {@link UnavailableSource} whose reason starts with "NVML unavailable: " (logged once, at info).
     *
     * @param nvmlLibrary absolute path of the NVML library, or null for the normal lookup
     * @throws HostMismatchException when {@code mode} is ON and neither works (a configuration error)
     */
    public static ReadingSource gpu(GpuMode mode, String nvmlLibrary, Optional<java.nio.file.Path> nvidiaSmi,
                                    Clock clock) {
        if (mode == GpuMode.OFF) {
            return new UnavailableSource("gpu", Resource.GPU, "GPU sampling is off (sampling.gpu: off)");
        }
        String reason;
        try {
            return GpuSource.nvml(NvmlClient.open(nvmlLibrary), clock);
        } catch (NvmlException e) {
            reason = e.getMessage();
        }
        if (nvidiaSmi.isPresent()) {
            LOG.info("{}; reading the GPU through {}", reason, nvidiaSmi.get());
            return GpuSource.nvidiaSmi(new NvidiaSmi(nvidiaSmi.get(), Duration.ofSeconds(5)), clock);
        }
        if (mode == GpuMode.ON) {
            throw new HostMismatchException("sampling.gpu is on but no GPU can be read: " + reason
                    + "; nvidia-smi is not on PATH. Install the NVIDIA driver or set sampling.gpu to auto or off");
        }
        LOG.info("no GPU readings: {}", reason);
        return new UnavailableSource("gpu", Resource.GPU, reason);
    }
}
