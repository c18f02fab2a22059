package ai.ringrift.guard.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.ringrift.scheduler.model.Resource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, a restart under a real cgroup v1 CPU quota: creates a child cgroup with a 1-core quota
 * (cpu.cfs_quota_us 100000 of 100000) and cpuacct accounting, starts a child JVM in it that starts
 * a {@link Sampler} over the real {@link CpuSource} and {@link CgroupPaths#system()}, and checks
 * that the first reading, taken before {@code start()} returns, is this cgroup's measured CPU time
 * against the quota, not the host's load average divided by it, and is marked start-up. Skips
 * (printing why) where the v1 cpu/cpuacct hierarchies are absent or not writable.
 */
class CgroupCpuV1RealTest {

    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final Path CPUACCT = Path.of("/sys/fs/cgroup/cpuacct");

    @TempDir
    Path tmp;

    /** Child process: starts a sampler over the CPU source and prints its first reading. */
    public static void main(String[] args) {
        CpuSource cpu = new CpuSource(new oshi.SystemInfo().getHardware().getProcessor(), CgroupPaths.system(),
                Clock.systemUTC());
        try (Sampler sampler = new Sampler(new SamplingSettings(Duration.ofHours(1), null, null, null, null),
                List.of(cpu), Clock.systemUTC()).start()) {
            Snapshot s = sampler.latest();
            Reading r = s.reading(Resource.CPU);
            System.out.printf(Locale.ROOT, "reading %s %.2f %.2f %.2f %s | %s%n", r.source(), r.usedPercent(),
                    s.signals().get("cpu.capacity.cores"), s.signals().getOrDefault("load.1m", -1.0), s.startup(),
                    r.detail());
        }
    }

    private static boolean writable(Path hierarchy, String file) {
        return Files.isDirectory(hierarchy) && Files.isWritable(hierarchy.resolve("cgroup.procs"))
                && Files.exists(hierarchy.resolve(file));
    }

    @Test
    void theFirstReadingInAOneCoreQuotaIsThisCgroupsMeasuredUse() throws Exception {
        boolean ok = writable(CPU, "cpu.cfs_quota_us") && writable(CPUACCT, "cpuacct.usage");
        if (!ok) {
            System.out.println("SKIPPED CgroupCpuV1RealTest: no writable cgroup v1 cpu and cpuacct hierarchies");
        }
        assumeTrue(ok, "no writable cgroup v1 cpu and cpuacct hierarchies");
        String name = "ringrift-cpu-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path cpu = CPU.resolve(name);
        Path acct = CPUACCT.resolve(name);
        try {
            Files.createDirectory(cpu);
            if (!Files.isSameFile(CPU, CPUACCT)) {
                Files.createDirectory(acct);
            }
        } catch (IOException e) {
            System.out.println("SKIPPED CgroupCpuV1RealTest: cannot create " + cpu + ": " + e);
            assumeTrue(false, "cannot create a cgroup: " + e);
        }
        Process child = null;
        try {
            Files.writeString(cpu.resolve("cpu.cfs_period_us"), "100000");
            Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "100000");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cmd = "echo $$ > '" + cpu.resolve("cgroup.procs") + "' && echo $$ > '" + acct.resolve("cgroup.procs")
                    + "' && exec '" + java + "' -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
                    + System.getProperty("java.class.path") + "' " + CgroupCpuV1RealTest.class.getName();
            child = new ProcessBuilder("sh", "-c", cmd).redirectError(tmp.resolve("child.err").toFile()).start();
            String line = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    if (l.startsWith("reading ")) {
                        line = l;
                    }
                }
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(line).as("child stderr: %s", Files.readString(tmp.resolve("child.err"))).isNotNull();
            System.out.println("CgroupCpuV1RealTest child (source pct capacity load.1m startup | detail): " + line);
            String[] f = line.split(" ");
            assertThat(f[1]).isEqualTo("cgroup");
            double pct = Double.parseDouble(f[2]);
            assertThat(pct).isBetween(0.0, 100.0);
            assertThat(Double.parseDouble(f[3])).as("capacity = the quota").isEqualTo(1.0);
            assertThat(f[5]).as("start-up snapshot").isEqualTo("true");
            assertThat(line).contains("cgroup v1 quota 1.00 cores, first sample measured over")
                    .doesNotContain("approximated from load.1m");
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (Path cg : List.of(cpu, acct)) {
                for (int i = 0; i < 50 && Files.exists(cg); i++) {
                    try {
                        Files.delete(cg);
                    } catch (IOException busy) {
                        Thread.sleep(100);
                    }
                }
            }
        }
        assertThat(cpu).doesNotExist();
        assertThat(acct).doesNotExist();
    }
}
