package ai.ringrift.guard.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the sampler reads the host.
 *
 * @param interval   time between samples; at least 1 s (OSHI caches CPU ticks for 300 ms, so closer
 *                   samples read 0 %); default 1 s
 * @param staleAfter a snapshot older than this reports itself stale; default 3 x interval, never
 *                   below the interval
 * @param diskPaths  paths whose file systems are measured; the fullest counts. Default: the data
 *                   directory and the working directory
 * @param gpu        whether the GPU is read; default {@link GpuMode#AUTO}
 * @param dataDir    the data directory (default {@code ./data}); need not exist yet
 */
public record SamplingSettings(Duration interval, Duration staleAfter, List<Path> diskPaths, GpuMode gpu,
                               Path dataDir) {

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public SamplingSettings {
        if (interval == null) {
            interval = DEFAULT_INTERVAL;
        }
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("sampling.interval must be at least 1s, was " + interval.toMillis()
                    + "ms: OSHI caches CPU ticks for 300 ms, so closer samples read 0 % CPU. Use 1s or more");
        }
        if (staleAfter == null) {
            staleAfter = interval.multipliedBy(3);
        }
        if (staleAfter.compareTo(interval) < 0) {
            throw new IllegalArgumentException("sampling.staleAfter (" + staleAfter.toMillis()
                    + "ms) must not be shorter than sampling.interval (" + interval.toMillis() + "ms)");
        }
        if (dataDir == null) {
            dataDir = Path.of("data");
        }
        if (diskPaths == null || diskPaths.isEmpty()) {
            diskPaths = List.of(dataDir.toAbsolutePath().normalize(), Path.of("").toAbsolutePath());
        } else {
            diskPaths = List.copyOf(diskPaths);
        }
        if (gpu == null) {
            gpu = GpuMode.AUTO;
        }
    }

    /** Every default: 1 s, stale after 3 s, ./data and the working directory, GPU auto. */
    public static SamplingSettings defaults() {
        return new SamplingSettings(null, null, null, null, null);
    }

    public SamplingSettings withInterval(Duration newInterval) {
        return new SamplingSettings(newInterval, null, diskPaths, gpu, dataDir);
    }

    public SamplingSettings withDiskPaths(List<Path> paths) {
        return new SamplingSettings(interval, staleAfter, paths, gpu, dataDir);
    }

    public SamplingSettings withGpu(GpuMode mode) {
        return new SamplingSettings(interval, staleAfter, diskPaths, mode, dataDir);
    }
}
