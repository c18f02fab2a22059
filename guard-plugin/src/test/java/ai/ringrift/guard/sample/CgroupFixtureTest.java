package ai.ringrift.guard.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

/** cgroup v1 and v2 readers against fixture trees under a temporary root. */
class CgroupFixtureTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path root;

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Path procCgroup(String... lines) throws IOException {
        Path p = root.resolve("proc-self-cgroup");
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void v1MemoryUsesTheProcessPathAndSubtractsInactiveFile() throws IOException {
        Path dir = root.resolve("memory/docker/abc");
        write(dir.resolve("memory.limit_in_bytes"), (4 * GIB) + "\n");
        write(dir.resolve("memory.usage_in_bytes"), (3 * GIB) + "\n");
        write(dir.resolve("memory.stat"), "cache 100\ninactive_file 5\ntotal_inactive_file " + GIB + "\nrss 7\n");
        CgroupPaths paths = CgroupPaths.detect(root, procCgroup("4:memory:/docker/abc", "3:cpu,cpuacct:/docker/abc"));
        assertThat(paths.isV2()).isFalse();
        assertThat(paths.v1("memory")).contains(dir);

        CgroupMemory m = CgroupMemory.read(paths).orElseThrow();
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.workingSetBytes()).isEqualTo(2 * GIB);
        assertThat(m.usedPercent(64 * GIB)).isEqualTo(50.0);
        assertThat(m.usedPercent(3 * GIB)).as("capacity = min(limit, host total)").isCloseTo(66.67, within(0.01));

        Reading r = MemorySource.fromCgroup(m, 64 * GIB, Clock.systemUTC());
        assertThat(r.source()).isEqualTo("cgroup");
        assertThat(r.totalBytes()).isEqualTo(4 * GIB);
        assertThat(r.availableBytes()).isEqualTo(2 * GIB);
        assertThat(r.detail()).contains("cgroup v1");
    }

    @Test
    void v1FallsBackToInactiveFileAndToTheHierarchyRootInANamespace() throws IOException {
        Path dir = root.resolve("memory");
        write(dir.resolve("memory.limit_in_bytes"), String.valueOf(2 * GIB));
        write(dir.resolve("memory.usage_in_bytes"), String.valueOf(GIB));
        write(dir.resolve("memory.stat"), "inactive_file " + (GIB / 2) + "\n");
        CgroupPaths paths = CgroupPaths.detect(root, procCgroup("4:memory:/not/visible/here"));
        CgroupMemory m = CgroupMemory.read(paths).orElseThrow();
        assertThat(m.directory()).isEqualTo(dir);
        assertThat(m.inactiveFile()).isEqualTo(GIB / 2);
        assertThat(m.usedPercent(100 * GIB)).isEqualTo(25.0);
    }

    @Test
    void v1UnlimitedMeansNoCgroupReading() throws IOException {
        Path dir = root.resolve("memory");
        write(dir.resolve("memory.limit_in_bytes"), "9223372036854771712");
        write(dir.resolve("memory.usage_in_bytes"), "1000");
        assertThat(CgroupMemory.read(CgroupPaths.detect(root, procCgroup("4:memory:/")))).isEmpty();
    }

    @Test
    void v2MemoryAndCpuQuota() throws IOException {
        write(root.resolve("cgroup.controllers"), "cpu memory io\n");
        Path dir = root.resolve("system.slice/job.service");
        write(dir.resolve("memory.max"), (8 * GIB) + "\n");
        write(dir.resolve("memory.current"), (6 * GIB) + "\n");
        write(dir.resolve("memory.stat"), "anon 1\nfile 2\ninactive_file " + (2 * GIB) + "\nactive_file 3\n");
        write(dir.resolve("cpu.max"), "150000 100000\n");
        write(dir.resolve("cpu.stat"), "usage_usec 5000000\nuser_usec 1\n");
        CgroupPaths paths = CgroupPaths.detect(root, procCgroup("0::/system.slice/job.service"));
        assertThat(paths.isV2()).isTrue();
        assertThat(paths.v1("memory")).isEmpty();

        CgroupMemory m = CgroupMemory.read(paths).orElseThrow();
        assertThat(m.version()).isEqualTo(2);
        assertThat(m.usedPercent(32 * GIB)).isEqualTo(50.0);

        CgroupCpu cpu = CgroupCpu.read(paths).orElseThrow();
        assertThat(cpu.quotaCores()).isEqualTo(1.5);
        assertThat(cpu.usageNanos()).isEqualTo(5_000_000_000L);
        CgroupCpu later = new CgroupCpu(2, 1.5, 5_750_000_000L);
        assertThat(later.usedPercentSince(cpu, 1_000_000_000L)).as("0.75 s CPU in 1 s of 1.5 cores").isEqualTo(50.0);
    }

    @Test
    void v2MaxMeansNoLimit() throws IOException {
        write(root.resolve("cgroup.controllers"), "cpu memory\n");
        write(root.resolve("memory.max"), "max\n");
        write(root.resolve("memory.current"), "100\n");
        write(root.resolve("cpu.max"), "max 100000\n");
        CgroupPaths paths = CgroupPaths.detect(root, procCgroup("0::/"));
        assertThat(CgroupMemory.read(paths)).isEmpty();
        assertThat(CgroupCpu.read(paths)).isEmpty();
    }

    @Test
    void v1CpuQuotaFromCfsFiles() throws IOException {
        write(root.resolve("cpu/cpu.cfs_quota_us"), "200000\n");
        write(root.resolve("cpu/cpu.cfs_period_us"), "100000\n");
        write(root.resolve("cpuacct/cpuacct.usage"), "123456789\n");
        CgroupPaths paths = CgroupPaths.detect(root, procCgroup("2:cpuacct:/", "1:cpu:/"));
        CgroupCpu cpu = CgroupCpu.read(paths).orElseThrow();
        assertThat(cpu.version()).isEqualTo(1);
        assertThat(cpu.quotaCores()).isEqualTo(2.0);
        assertThat(cpu.usageNanos()).isEqualTo(123456789L);
        write(root.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
        assertThat(CgroupCpu.read(paths)).as("-1 = no quota").isEmpty();
    }

    @Test
    void cpuSourceUsesTheQuotaAsCapacity() throws Exception {
        write(root.resolve("cpu/cpu.cfs_quota_us"), "200000\n");
        write(root.resolve("cpu/cpu.cfs_period_us"), "100000\n");
        write(root.resolve("cpuacct/cpuacct.usage"), "0\n");
        CgroupPaths paths = CgroupPaths.detect(root, procCgroup("1:cpu:/"));
        CpuSource source = new CpuSource(new SystemInfo().getHardware().getProcessor(), paths, Clock.systemUTC(),
                Duration.ofMillis(20), d -> Thread.sleep(d.toMillis()));
        Reading first = source.read().get(0);
        assertThat(first.source()).isEqualTo("cgroup");
        assertThat(first.detail()).contains("quota 2.00 cores", "first sample measured over")
                .doesNotContain("approximated");
        assertThat(first.usedPercent()).as("no CPU time in the window").isZero();
        assertThat(source.signals()).containsEntry("cpu.capacity.cores", 2.0);
        // 1000 s of CPU time in the cgroup since: far more than 2 cores can do in the elapsed time
        write(root.resolve("cpuacct/cpuacct.usage"), "1000000000000\n");
        Reading second = source.read().get(0);
        assertThat(second.detail()).doesNotContain("approximated").doesNotContain("first sample");
        assertThat(second.usedPercent()).isEqualTo(100.0);
    }

    /**
     * Issue 16: the first sample under a quota divided the host's load average by the quota
     * (other tenants' load). Now it is this cgroup's CPU time over a short window: here the host's
     * load plays no part, and the cgroup used 10 ms of CPU in a window of at least 50 ms of 1 core.
     */
    @Test
    void theFirstQuotaSampleMeasuresThisCgroupNotTheHostLoad() throws Exception {
        write(root.resolve("cpu/cpu.cfs_quota_us"), "100000\n");
        write(root.resolve("cpu/cpu.cfs_period_us"), "100000\n");
        write(root.resolve("cpuacct/cpuacct.usage"), "5000000000\n");
        CgroupPaths paths = CgroupPaths.detect(root, procCgroup("2:cpuacct:/", "1:cpu:/"));
        List<Duration> windows = new java.util.ArrayList<>();
        CpuSource source = new CpuSource(new SystemInfo().getHardware().getProcessor(), paths, Clock.systemUTC(),
                Duration.ofMillis(50), d -> {
                    windows.add(d);
                    write(root.resolve("cpuacct/cpuacct.usage"), "5010000000\n"); // +10 ms of CPU time
                    Thread.sleep(d.toMillis());
                });
        Reading first = source.read().get(0);
        assertThat(windows).containsExactly(Duration.ofMillis(50));
        assertThat(first.source()).isEqualTo("cgroup");
        assertThat(first.detail()).contains("quota 1.00 cores", "first sample measured over");
        assertThat(first.usedPercent()).as("10 ms in >= 50 ms of one core").isGreaterThan(0).isLessThanOrEqualTo(20.0);
        source.read();
        assertThat(windows).as("only the first sample waits").hasSize(1);
    }

    @Test
    void memorySourceChoosesCgroupOnlyBelowHostTotal() throws Exception {
        var hostMemory = new SystemInfo().getHardware().getMemory();
        long host = hostMemory.getTotal();
        Path dir = root.resolve("memory");
        write(dir.resolve("memory.usage_in_bytes"), String.valueOf(GIB));
        write(dir.resolve("memory.stat"), "total_inactive_file 0\n");
        CgroupPaths paths = CgroupPaths.detect(root, procCgroup("4:memory:/"));

        write(dir.resolve("memory.limit_in_bytes"), String.valueOf(4 * GIB));
        List<Reading> limited = new MemorySource(hostMemory, paths, Clock.systemUTC()).read();
        assertThat(limited.get(0).source()).isEqualTo("cgroup");
        assertThat(limited.get(0).usedPercent()).isEqualTo(25.0);

        write(dir.resolve("memory.limit_in_bytes"), String.valueOf(host * 2));
        Reading r = new MemorySource(hostMemory, paths, Clock.systemUTC()).read().get(0);
        assertThat(r.source()).isEqualTo("host");
        assertThat(r.resource()).isEqualTo(Resource.MEMORY);
        assertThat(r.totalBytes()).isEqualTo(host);
    }
}
