package ai.ringrift.guard.sample;

import ai.ringrift.guard.sample.gpu.GpuDevice;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code nvidia-smi} fallback when NVML cannot be loaded through JNA: runs
 * {@code nvidia-smi --query-gpu=index,uuid,memory.total,memory.used,utilization.gpu
 * --format=csv,noheader,nounits} with a timeout and parses it. Memory is in MiB; {@code [N/A]}
 * or {@code [Not Supported]} utilisation gives a memory-only device.
 */
public final class NvidiaSmi {

    public static final List<String> ARGS = List.of("--query-gpu=index,uuid,memory.total,memory.used,utilization.gpu",
            "--format=csv,noheader,nounits");
    private static final long MIB = 1024L * 1024L;

    private final Path executable;
    private final Duration timeout;

    public NvidiaSmi(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    public Path executable() {
        return executable;
    }

    /** {@code nvidia-smi} on {@code PATH}, if any. */
    public static Optional<Path> findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "nvidia-smi");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs the query now. */
    public List<GpuDevice> query() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(ARGS);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("nvidia-smi did not answer within " + timeout.toMillis() + " ms");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("nvidia-smi exited with " + p.exitValue() + ": " + out.strip());
            }
            return parse(out);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Parses the CSV lines; blank lines are skipped, malformed ones are an error naming the line. */
    public static List<GpuDevice> parse(String output) {
        List<GpuDevice> devices = new ArrayList<>();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s*,\\s*");
            if (f.length != 5) {
                throw new IllegalArgumentException("nvidia-smi line has " + f.length + " fields, expected 5 "
                        + "(index, uuid, memory.total, memory.used, utilization.gpu): '" + line + "'");
            }
            try {
                int index = Integer.parseInt(f[0]);
                long total = mib(f[2], "memory.total", line);
                long used = mib(f[3], "memory.used", line);
                double util = notAvailable(f[4]) ? Double.NaN : Double.parseDouble(f[4]);
                devices.add(new GpuDevice(index, "", f[1], total, used, util));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unreadable nvidia-smi line '" + line + "': " + e.getMessage(), e);
            }
        }
        return devices;
    }

    private static long mib(String field, String name, String line) {
        if (notAvailable(field)) {
            throw new IllegalArgumentException("nvidia-smi reports no " + name + " in '" + line + "'");
        }
        return Math.round(Double.parseDouble(field) * MIB);
    }

    private static boolean notAvailable(String field) {
        return field.startsWith("[") || field.equalsIgnoreCase("N/A");
    }
}
