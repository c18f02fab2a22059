package ai.ringrift.guard.sample.gpu;

/**
 * One GPU as last read.
 *
 * @param index              device index
 * @param name               product name, may be empty (nvidia-smi fallback)
 * @param uuid               device UUID
 * @param totalBytes         memory capacity
 * @param usedBytes          memory in use
 * @param utilizationPercent GPU utilisation 0-100, or {@code NaN} when not supported (MIG)
 */
public record GpuDevice(int index, String name, String uuid, long totalBytes, long usedBytes,
                        double utilizationPercent) {

    public GpuDevice {
        name = name == null ? "" : name;
        uuid = uuid == null ? "" : uuid;
        if (totalBytes < 0 || usedBytes < 0) {
            throw new IllegalArgumentException("GPU " + index + " reports negative memory: total " + totalBytes
                    + ", used " + usedBytes);
        }
    }

    public double memoryUsedPercent() {
        return totalBytes <= 0 ? 0 : Math.min(100, 100.0 * usedBytes / totalBytes);
    }

    public long freeBytes() {
        return Math.max(0, totalBytes - usedBytes);
    }

    public boolean hasUtilization() {
        return !Double.isNaN(utilizationPercent);
    }

    /** e.g. {@code GPU 1 NVIDIA H100 (GPU-abc) 40.0/80.0 GB util 35%}. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "GPU %d %s(%s) %.1f/%.1f GB util %s", index,
                name.isEmpty() ? "" : name + " ", uuid, usedBytes / 1e9, totalBytes / 1e9,
                hasUtilization() ? String.format(java.util.Locale.ROOT, "%.0f%%", utilizationPercent) : "n/a");
    }
}
