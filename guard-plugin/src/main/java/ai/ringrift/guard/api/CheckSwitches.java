package ai.ringrift.guard.api;

import ai.ringrift.scheduler.model.Resource;

/**
 * Which resources {@code canProceed} checks: the seed's {@code check_disk}, {@code check_mem},
 * {@code check_cpu} and {@code check_gpu} keyword arguments. The memory switch also covers memory
 * pressure (PSI) where it is measured. A switched-off resource is not looked at at all, not even
 * for a stale or missing reading.
 */
public record CheckSwitches(boolean disk, boolean memory, boolean cpu, boolean gpu) {

    /** Every resource, the GPU included (a host without a GPU still passes). */
    public static final CheckSwitches ALL = new CheckSwitches(true, true, true, true);

    /** The switches of {@code canProceed(needs)}: CPU, memory and disk, the GPU when the needs ask for GPU memory. */
    public static CheckSwitches forNeeds(ai.ringrift.scheduler.model.ResourceNeeds needs) {
        return new CheckSwitches(true, true, true, needs.needsGpu());
    }

    public CheckSwitches withDisk(boolean on) {
        return new CheckSwitches(on, memory, cpu, gpu);
    }

    public CheckSwitches withMemory(boolean on) {
        return new CheckSwitches(disk, on, cpu, gpu);
    }

    public CheckSwitches withCpu(boolean on) {
        return new CheckSwitches(disk, memory, on, gpu);
    }

    public CheckSwitches withGpu(boolean on) {
        return new CheckSwitches(disk, memory, cpu, on);
    }

    /** Whether {@code r} is checked. */
    public boolean checks(Resource r) {
        return switch (r) {
            case DISK -> disk;
            case MEMORY, MEMORY_PRESSURE -> memory;
            case CPU -> cpu;
            case GPU -> gpu;
        };
    }
}
