package ai.ringrift.guard.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cgroup v1 memory hierarchy: creates a child cgroup with a 512 MiB limit, runs a child JVM
 * in it that touches 150 MiB, and reads the cgroup with the reader. Skips (printing why) where
 * /sys/fs/cgroup/memory is absent or not writable.
 */
class CgroupV1RealTest {

    private static final Path V1_MEMORY = Path.of("/sys/fs/cgroup/memory");
    private static final long MIB = 1024 * 1024;
    private static final long LIMIT = 512 * MIB;

    @TempDir
    Path tmp;

    /** Child process: touches the given MiB, says "ready", waits for a line on stdin. */
    public static void main(String[] args) throws IOException {
        byte[] block = new byte[Integer.parseInt(args[0]) * (int) MIB];
        for (int i = 0; i < block.length; i += 4096) {
            block[i] = 1;
        }
        System.out.println("ready " + block.length);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine();
    }

    @Test
    void readsAChildProcessInALimitedCgroup() throws Exception {
        boolean writable = Files.isDirectory(V1_MEMORY) && Files.isWritable(V1_MEMORY.resolve("cgroup.procs"))
                && Files.exists(V1_MEMORY.resolve("memory.limit_in_bytes"));
        if (!writable) {
            System.out.println("SKIPPED CgroupV1RealTest: " + V1_MEMORY + " is not a writable cgroup v1 memory hierarchy");
        }
        assumeTrue(writable, "no writable cgroup v1 memory hierarchy at " + V1_MEMORY);
        Path cg = V1_MEMORY.resolve("ringrift-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectory(cg);
        } catch (IOException e) {
            System.out.println("SKIPPED CgroupV1RealTest: cannot create " + cg + ": " + e);
            assumeTrue(false, "cannot create a cgroup: " + e);
        }
        Process child = null;
        try {
            Files.writeString(cg.resolve("memory.limit_in_bytes"), String.valueOf(LIMIT));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cmd = "echo $$ > '" + cg.resolve("cgroup.procs") + "' && exec '" + java
                    + "' -Xmx300m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
                    + System.getProperty("java.class.path") + "' " + CgroupV1RealTest.class.getName() + " 150";
            child = new ProcessBuilder("sh", "-c", cmd).redirectError(tmp.resolve("child.err").toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("child stderr: %s", Files.readString(tmp.resolve("child.err"))).startsWith("ready");

            CgroupMemory m = CgroupMemory.readV1(cg).orElseThrow();
            assertThat(m.limitBytes()).isEqualTo(LIMIT);
            assertThat(m.usageBytes()).isGreaterThan(150 * MIB);
            // 150 MiB touched plus a small JVM: between 150 and 400 MiB of the 512 MiB limit
            double pct = m.usedPercent(Long.MAX_VALUE);
            assertThat(pct).isBetween(100.0 * 150 / 512, 100.0 * 400 / 512);

            // the same through the process-path lookup and the MemorySource
            Path proc = tmp.resolve("cgroup");
            Files.writeString(proc, "4:memory:/" + cg.getFileName() + "\n");
            CgroupPaths paths = CgroupPaths.detect(V1_MEMORY.getParent(), proc);
            assertThat(paths.v1("memory")).contains(cg);
            Reading r = new MemorySource(new oshi.SystemInfo().getHardware().getMemory(), paths, Clock.systemUTC())
                    .read().get(0);
            assertThat(r.source()).isEqualTo("cgroup");
            assertThat(r.totalBytes()).isEqualTo(LIMIT);
            assertThat(r.usedPercent()).isBetween(100.0 * 150 / 512, 100.0 * 400 / 512);
            System.out.printf("cgroup v1 %s: usage %d MiB, inactive_file %d MiB, used %.1f%% of 512 MiB%n", cg,
                    m.usageBytes() / MIB, m.inactiveFile() / MIB, pct);

            try (OutputStream in = child.getOutputStream()) {
                in.write('\n');
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // the kernel refuses to remove a cgroup until its last task has gone: retry until it is gone
            // (a timeout here is reported by the doesNotExist assertion below, not over an earlier failure)
            try {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .pollInterval(java.time.Duration.ofMillis(100)).ignoreExceptionsInstanceOf(IOException.class)
                        .until(() -> {
                            Files.deleteIfExists(cg);
                            return !Files.exists(cg);
                        });
            } catch (org.awaitility.core.ConditionTimeoutException stillThere) {
                // asserted below
            }
        }
        assertThat(cg).doesNotExist();
        assertThat(List.of(V1_MEMORY.toFile().list())).noneMatch(n -> n.equals(cg.getFileName().toString()));
    }
}
