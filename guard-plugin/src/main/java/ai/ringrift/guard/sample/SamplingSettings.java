package ai.ringrift.guard.sample;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code sampling}: how the sampler reads the host. Missing values take their defaults; the rules
 * are {@link #check}, which {@link Sampler} applies too.
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
                               Path dataDir) implements Checked {

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final Path WORKING_DIR = Path.of(".");

    public SamplingSettings {
        if (interval == null) {
            interval = DEFAULT_INTERVAL;
        }
        if (staleAfter == null) {
            staleAfter = interval.multipliedBy(3);
        }
        if (dataDir == null) {
            dataDir = DEFAULT_DATA_DIR;
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

    /** The defaults as {@code guard.yaml} writes them: relative paths, resolved where they are measured. */
    public static SamplingSettings fileDefaults() {
        return new SamplingSettings(DEFAULT_INTERVAL, DEFAULT_INTERVAL.multipliedBy(3),
                List.of(DEFAULT_DATA_DIR, WORKING_DIR), GpuMode.AUTO, DEFAULT_DATA_DIR);
    }

    @Override
    public void check(Problems p, String path) {
        String intervalPath = Problems.path(path, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            p.error(intervalPath, "must be at least 1s (was " + Checks.duration(interval) + "): OSHI caches CPU ticks"
                    + " for 300 ms, so closer samples read 0 % CPU");
        } else if (staleAfter.compareTo(interval) < 0) {
            p.error(Problems.path(path, "staleAfter"), "must be at least " + intervalPath + " ("
                    + Checks.duration(interval) + "), or every snapshot counts as stale (was "
                    + Checks.duration(staleAfter) + ")");
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
