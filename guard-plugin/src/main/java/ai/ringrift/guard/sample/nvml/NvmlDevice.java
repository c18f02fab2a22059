package ai.ringrift.guard.sample.nvml;

/**
 * One device as NVML reports it (the binding's own value, so that this package depends on
 * nothing above it; the sampler turns it into a {@code GpuDevice}).
 *
 * @param index              device index
 * @param name               product name
 * @param uuid               device UUID
 * @param totalBytes         memory capacity
 * @param usedBytes          memory in use
 * @param utilizationPercent GPU utilisation 0-100, or {@code NaN} when not supported (MIG)
 */
public record NvmlDevice(int index, String name, String uuid, long totalBytes, long usedBytes,
                         double utilizationPercent) {
}
