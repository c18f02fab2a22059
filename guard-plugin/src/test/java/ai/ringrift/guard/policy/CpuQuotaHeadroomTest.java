package ai.ringrift.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.sample.CgroupPaths;
import ai.ringrift.guard.sample.CpuSource;
import ai.ringrift.guard.sample.FakeSource;
import ai.ringrift.guard.sample.Sampler;
import ai.ringrift.guard.sample.SamplingSettings;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

/**
 * Issue 16, "CPU headroom ignores the container's quota": in a 1-core cgroup a 1.5-core job was
 * admitted and a 2-core job was told "1.6 cores free" (host logical CPUs x a percentage of the
 * quota). Through the real {@link CpuSource} on a fixture cgroup v1 tree with a 1-core quota, the
 * real sampler and the engine: the capacity is the quota, on a host with any number of CPUs.
 */
class CpuQuotaHeadroomTest {

    @TempDir
    Path root;

    private void write(String file, String text) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void aOneCoreQuotaOffersAtMostItsLimitOfOneCore() throws Exception {
        write("cpu/cpu.cfs_quota_us", "100000\n");
        write("cpu/cpu.cfs_period_us", "100000\n");
        write("cpuacct/cpuacct.usage", "0\n"); // idle cgroup: 0 % of the quota
        write("proc-self-cgroup", "2:cpuacct:/\n1:cpu:/\n");
        CgroupPaths paths = CgroupPaths.detect(root, root.resolve("proc-self-cgroup"));
        MutableClock clock = new MutableClock(Fixtures.T0);
        CpuSource cpu = new CpuSource(new SystemInfo().getHardware().getProcessor(), paths, clock,
                Duration.ofMillis(10), d -> Thread.sleep(d.toMillis()));
        FakeSource rest = new FakeSource(clock).set(Resource.MEMORY, 40).set(Resource.DISK, 20);
        DecisionEngine engine = Fixtures.engine(clock);
        try (Sampler sampler = new Sampler(new SamplingSettings(Duration.ofHours(1), null, null, null, null),
                List.of(cpu, rest), clock)) {
            var snapshot = sampler.sampleOnce();
            assertThat(snapshot.signals()).containsEntry("cpu.capacity.cores", 1.0);
            assertThat(snapshot.reading(Resource.CPU).source()).isEqualTo("cgroup");

            Decision big = engine.decide(GuardRequest.of("big", Fixtures.needs(Priority.HIGH, 1.5, 0, 0, 0)), snapshot);
            assertThat(big.action()).isEqualTo(Action.DEFER);
            assertThat(big.reasonCode()).isEqualTo(ReasonCode.HEADROOM);
            assertThat(big.sentence()).contains("needs 1.5 cores cpu, 0.8 cores free under the limit");
            Decision two = engine.decide(GuardRequest.of("two", Fixtures.needs(Priority.HIGH, 2, 0, 0, 0)), snapshot);
            assertThat(two.sentence()).contains("needs 2 cores cpu, 0.8 cores free under the limit");

            Decision fits = engine.decide(GuardRequest.of("fits", Fixtures.needs(Priority.HIGH, 0.5, 0, 0, 0)), snapshot);
            assertThat(fits.admitted()).isTrue();
            Decision next = engine.decide(GuardRequest.of("next", Fixtures.needs(Priority.HIGH, 0.5, 0, 0, 0)), snapshot);
            assertThat(next.reasonCode()).as("0.5 of the 0.8 cores reserved").isEqualTo(ReasonCode.HEADROOM);
        }
    }
}
