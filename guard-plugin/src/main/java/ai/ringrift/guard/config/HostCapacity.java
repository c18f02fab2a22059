package ai.ringrift.guard.config;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import oshi.SystemInfo;
import oshi.hardware.GraphicsCard;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * What this host has, to warn about jobs whose needs can never fit. A value of
 * {@link Double#NaN} means unknown: needs of that resource are not checked.
 *
 * @param cpuCores    logical processors
 * @param memoryGb    physical memory, GB (2^30 bytes)
 * @param gpuMemoryGb memory of the largest GPU, GB; 0 when no GPU was found, NaN when one was found
 *                    but did not report its memory
 * @param diskGb      size of the file system holding the data directory, GB
 */
public record HostCapacity(double cpuCores, double memoryGb, double gpuMemoryGb, double diskGb) {

    private static final double GB = 1024.0 * 1024 * 1024;

    /** Nothing known: no capacity warnings. */
    public static final HostCapacity UNKNOWN = new HostCapacity(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Detects this host with OSHI, the disk from the working directory's file system. */
    public static HostCapacity detect() {
        return detect(Path.of("."));
    }

    /**
     * Detects this host with OSHI (CPU, memory, graphics cards) and {@link FileStore} (disk of the
     * nearest existing ancestor of {@code dataDir}). A part that cannot be read is NaN.
     */
    public static HostCapacity detect(Path dataDir) {
        double cpu = Runtime.getRuntime().availableProcessors();
        double mem = Double.NaN;
        double gpu = Double.NaN;
        try {
            HardwareAbstractionLayer hal = new SystemInfo().getHardware();
            cpu = hal.getProcessor().getLogicalProcessorCount();
            mem = hal.getMemory().getTotal() / GB;
            gpu = gpuMemory(hal);
        } catch (RuntimeException | LinkageError e) {
            // OSHI unsupported here: keep what the JVM knows, the rest unknown
        }
        return new HostCapacity(cpu, mem, gpu, disk(dataDir));
    }

    private static double gpuMemory(HardwareAbstractionLayer hal) {
        double best = 0;
        boolean unknownSize = false;
        for (GraphicsCard card : hal.getGraphicsCards()) {
            long vram = card.getVRam();
            if (vram > 0) {
                best = Math.max(best, vram / GB);
            } else {
                unknownSize = true;
            }
        }
        return best == 0 && unknownSize ? Double.NaN : best;
    }

    static double disk(Path dataDir) {
        Path p = dataDir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return Double.NaN;
        }
        try {
            return Files.getFileStore(p).getTotalSpace() / GB;
        } catch (IOException | SecurityException e) {
            return Double.NaN;
        }
    }
}
