package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;

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
public record SamplingConfig(Duration interval, Duration staleAfter, List<Path> diskPaths, Toggle gpu, Path dataDir)
        implements Checked {

    /** OSHI caches CPU ticks for 300 ms, so closer samples read 0 % CPU. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    public SamplingConfig {
        diskPaths = List.copyOf(diskPaths);
    }

    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final Path WORKING_DIR = Path.of(".");

    @Override
    public void check(Problems p, String path) {
        boolean intervalOk = Checks.atLeast(p, Problems.path(path, "interval"), interval, MIN_INTERVAL);
        if (intervalOk && staleAfter != null && staleAfter.compareTo(interval) < 0) {
            p.error(Problems.path(path, "staleAfter"), "must be at least " + Problems.path(path, "interval") + " ("
                    + Checks.duration(interval) + "), or every snapshot counts as stale (was "
                    + Checks.duration(staleAfter) + ")");
        }
    }

    public static SamplingConfig defaults() {
        Duration interval = Duration.ofSeconds(1);
        return new SamplingConfig(interval, interval.multipliedBy(3), List.of(DEFAULT_DATA_DIR, WORKING_DIR),
                Toggle.AUTO, DEFAULT_DATA_DIR);
    }
}
