package ai.ringrift.guard.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cgroup's memory limit and use.
 *
 * @param version       1 or 2
 * @param directory     the cgroup directory read
 * @param limitBytes    the limit ({@code memory.limit_in_bytes} / {@code memory.max})
 * @param usageBytes    the charge ({@code memory.usage_in_bytes} / {@code memory.current}), page cache included
 * @param inactiveFile  reclaimable page cache ({@code total_inactive_file}, else {@code inactive_file}, of memory.stat)
 */
public record CgroupMemory(int version, Path directory, long limitBytes, long usageBytes, long inactiveFile) {

    /** v1 reports "no limit" as a huge page-aligned number (2^63 - 4096 on x86-64). */
    static final long UNLIMITED_THRESHOLD = 1L << 60;

    /** Working set: usage minus reclaimable page cache, never negative. */
    public long workingSetBytes() {
        return Math.max(0, usageBytes - inactiveFile);
    }

    /**
     * The memory of this cgroup as seen against {@code capacity = min(limit, hostTotal)}:
     * used % = (usage - inactive_file) / capacity.
     */
    public double usedPercent(long hostTotalBytes) {
        long cap = capacity(hostTotalBytes);
        return cap <= 0 ? 0 : Math.min(100, 100.0 * workingSetBytes() / cap);
    }

    public long capacity(long hostTotalBytes) {
        return hostTotalBytes > 0 ? Math.min(limitBytes, hostTotalBytes) : limitBytes;
    }

    /** Reads a v1 memory cgroup directory; empty when it has no limit (or the files are absent). */
    public static Optional<CgroupMemory> readV1(Path dir) throws IOException {
        Optional<String> limit = CgroupPaths.readLine(dir.resolve("memory.limit_in_bytes"));
        Optional<String> usage = CgroupPaths.readLine(dir.resolve("memory.usage_in_bytes"));
        if (limit.isEmpty() || usage.isEmpty()) {
            return Optional.empty();
        }
        long lim = Long.parseLong(limit.get());
        if (lim >= UNLIMITED_THRESHOLD) {
            return Optional.empty();
        }
        Path stat = dir.resolve("memory.stat");
        Optional<Long> inactive = CgroupPaths.readKey(stat, "total_inactive_file");
        if (inactive.isEmpty()) {
            inactive = CgroupPaths.readKey(stat, "inactive_file");
        }
        return Optional.of(new CgroupMemory(1, dir, lim, Long.parseLong(usage.get()), inactive.orElse(0L)));
    }

    /** Reads a v2 cgroup directory; empty when {@code memory.max} is {@code max} or absent. */
    public static Optional<CgroupMemory> readV2(Path dir) throws IOException {
        Optional<String> max = CgroupPaths.readLine(dir.resolve("memory.max"));
        Optional<String> current = CgroupPaths.readLine(dir.resolve("memory.current"));
        if (max.isEmpty() || current.isEmpty() || max.get().equals("max")) {
            return Optional.empty();
        }
        long inactive = CgroupPaths.readKey(dir.resolve("memory.stat"), "inactive_file").orElse(0L);
        return Optional.of(new CgroupMemory(2, dir, Long.parseLong(max.get()), Long.parseLong(current.get()), inactive));
    }

    /** This process's memory cgroup, if it has a limit. */
    public static Optional<CgroupMemory> read(CgroupPaths paths) throws IOException {
        Optional<Path> v2 = paths.v2();
        if (v2.isPresent()) {
            return readV2(v2.get());
        }
        Optional<Path> v1 = paths.v1("memory");
        return v1.isPresent() ? readV1(v1.get()) : Optional.empty();
    }
}
