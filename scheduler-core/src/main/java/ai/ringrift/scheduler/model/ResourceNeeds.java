package ai.ringrift.scheduler.model;

/**
 * What one run of a job needs: CPU cores, memory, GPU memory and disk, in cores and GB.
 * Every value is finite and {@code >= 0}; zero means "does not use it".
 */
public record ResourceNeeds(double cpuCores, double memoryGb, double gpuMemoryGb, double diskGb) {

    public static final ResourceNeeds NONE = new ResourceNeeds(0, 0, 0, 0);

    public ResourceNeeds {
        check("cpuCores", cpuCores);
        check("memoryGb", memoryGb);
        check("gpuMemoryGb", gpuMemoryGb);
        check("diskGb", diskGb);
    }

    private static void check(String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
            throw new IllegalArgumentException("needs." + field + " must be a finite number >= 0, was " + v);
        }
    }

    public static ResourceNeeds of(double cpuCores, double memoryGb, double gpuMemoryGb, double diskGb) {
        return new ResourceNeeds(cpuCores, memoryGb, gpuMemoryGb, diskGb);
    }

    /** The amount needed of one resource (cores for CPU, GB otherwise; 0 for memory pressure). */
    public double amount(Resource r) {
        return switch (r) {
            case CPU -> cpuCores;
            case MEMORY -> memoryGb;
            case GPU -> gpuMemoryGb;
            case DISK -> diskGb;
            case MEMORY_PRESSURE -> 0; // a reading, never a need
        };
    }

    public boolean needsGpu() {
        return gpuMemoryGb > 0;
    }

    public ResourceNeeds plus(ResourceNeeds o) {
        return new ResourceNeeds(cpuCores + o.cpuCores, memoryGb + o.memoryGb,
                gpuMemoryGb + o.gpuMemoryGb, diskGb + o.diskGb);
    }

    public ResourceNeeds minus(ResourceNeeds o) {
        return new ResourceNeeds(Math.max(0, cpuCores - o.cpuCores), Math.max(0, memoryGb - o.memoryGb),
                Math.max(0, gpuMemoryGb - o.gpuMemoryGb), Math.max(0, diskGb - o.diskGb));
    }

    public boolean isNone() {
        return cpuCores == 0 && memoryGb == 0 && gpuMemoryGb == 0 && diskGb == 0;
    }
}
