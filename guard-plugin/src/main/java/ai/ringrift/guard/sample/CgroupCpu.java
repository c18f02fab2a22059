package ai.ringrift.guard.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cgroup CPU quota and the cgroup's cumulative CPU time.
 *
 * <p>Capacity in a container with a quota is {@code quota / period} cores (v1
 * {@code cpu.cfs_quota_us / cpu.cfs_period_us}, v2 {@code cpu.max} "QUOTA PERIOD"). Used % is the
 * cgroup's CPU time between two samples (v1 {@code cpuacct.usage} in ns, v2 {@code cpu.stat
 * usage_usec}) over wall time x quota cores.
 *
 * @param version     1 or 2
 * @param quotaCores  quota / period
 * @param usageNanos  CPU time the cgroup used so far
 */
public record CgroupCpu(int version, double quotaCores, long usageNanos) {

    /** Reads the quota and usage; empty without a quota (-1 / "max") or when the files are absent. */
    public static Optional<CgroupCpu> read(CgroupPaths paths) throws IOException {
        Optional<Path> v2 = paths.v2();
        if (v2.isPresent()) {
            return readV2(v2.get());
        }
        Optional<Path> cpu = paths.v1("cpu");
        Optional<Path> acct = paths.v1("cpuacct");
        if (cpu.isEmpty() || acct.isEmpty()) {
            return Optional.empty();
        }
        return readV1(cpu.get(), acct.get());
    }

    public static Optional<CgroupCpu> readV1(Path cpuDir, Path cpuacctDir) throws IOException {
        Optional<String> quota = CgroupPaths.readLine(cpuDir.resolve("cpu.cfs_quota_us"));
        Optional<String> period = CgroupPaths.readLine(cpuDir.resolve("cpu.cfs_period_us"));
        Optional<String> usage = CgroupPaths.readLine(cpuacctDir.resolve("cpuacct.usage"));
        if (quota.isEmpty() || period.isEmpty() || usage.isEmpty()) {
            return Optional.empty();
        }
        long q = Long.parseLong(quota.get());
        long p = Long.parseLong(period.get());
        if (q <= 0 || p <= 0) {
            return Optional.empty();
        }
        return Optional.of(new CgroupCpu(1, (double) q / p, Long.parseLong(usage.get())));
    }

    public static Optional<CgroupCpu> readV2(Path dir) throws IOException {
        Optional<String> max = CgroupPaths.readLine(dir.resolve("cpu.max"));
        if (max.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = max.get().split("\\s+");
        if (parts[0].equals("max")) {
            return Optional.empty();
        }
        long q = Long.parseLong(parts[0]);
        long p = parts.length > 1 ? Long.parseLong(parts[1]) : 100_000;
        long usec = CgroupPaths.readKey(dir.resolve("cpu.stat"), "usage_usec").orElse(0L);
        return Optional.of(new CgroupCpu(2, (double) q / p, usec * 1000));
    }

    /** Used % of the quota between {@code earlier} and this reading, {@code wallNanos} apart. */
    public double usedPercentSince(CgroupCpu earlier, long wallNanos) {
        if (wallNanos <= 0 || quotaCores <= 0) {
            return 0;
        }
        double used = (double) (usageNanos - earlier.usageNanos) / (wallNanos * quotaCores);
        return Math.max(0, Math.min(100, 100 * used));
    }
}
