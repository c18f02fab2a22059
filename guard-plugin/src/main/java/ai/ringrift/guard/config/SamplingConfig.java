package ai.ringrift.guard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code sampling}: how the sampler thread reads the host.
 *
 * @param interval   time between samples (default 1 s, at least 1 s)
 * @param staleAfter a snapshot older than this counts as stale (default 3 x interval)
 * @param diskPaths  the file systems whose fill level counts as "disk" (default: data dir and working dir)
 * @param gpu        GPU sampling: auto (when NVML or nvidia-smi answers), on, off (default auto)
 * @param dataDir    where the product keeps its files (default ./data)
 */
public record SamplingConfig(Duration interval, Duration staleAfter, List<Path> diskPaths, Toggle gpu, Path dataDir) {

    public SamplingConfig {
        diskPaths = List.copyOf(diskPaths);
    }

    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final Path WORKING_DIR = Path.of(".");

    public static SamplingConfig defaults() {
        Duration interval = Duration.ofSeconds(1);
        return new SamplingConfig(interval, interval.multipliedBy(3), List.of(DEFAULT_DATA_DIR, WORKING_DIR),
                Toggle.AUTO, DEFAULT_DATA_DIR);
    }
}
