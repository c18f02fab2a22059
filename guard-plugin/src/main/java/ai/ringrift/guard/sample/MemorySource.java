package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import oshi.hardware.GlobalMemory;

/**
 * Memory use. Host: total and {@code MemAvailable} through OSHI, source {@code host}. In a cgroup
 * with a memory limit below the host total: used % = (usage - inactive_file) / min(limit, host
 * total), source {@code cgroup}; page cache the kernel can reclaim does not count.
 */
public final class MemorySource implements ReadingSource {

    private final GlobalMemory memory;
    private final CgroupPaths cgroups;
    private final Clock clock;

    public MemorySource(GlobalMemory memory, CgroupPaths cgroups, Clock clock) {
        this.memory = memory;
        this.cgroups = cgroups;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Set<Resource> covers() {
        return Set.of(Resource.MEMORY);
    }

    @Override
    public List<Reading> read() throws Exception {
        long total = memory.getTotal();
        Optional<CgroupMemory> cg = cgroups == null ? Optional.empty() : CgroupMemory.read(cgroups);
        if (cg.isPresent() && cg.get().limitBytes() < total) {
            return List.of(fromCgroup(cg.get(), total, clock));
        }
        return List.of(Reading.bytes(Resource.MEMORY, total, memory.getAvailable(), "host", clock.instant(),
                "MemAvailable"));
    }

    /** The cgroup reading: used = usage - inactive_file over min(limit, host total). */
    public static Reading fromCgroup(CgroupMemory cg, long hostTotal, Clock clock) {
        long cap = cg.capacity(hostTotal);
        long used = Math.min(cap, cg.workingSetBytes());
        return new Reading(Resource.MEMORY, cg.usedPercent(hostTotal), used, cap, cap - used, "cgroup",
                clock.instant(), "cgroup v" + cg.version() + " " + cg.directory());
    }
}
