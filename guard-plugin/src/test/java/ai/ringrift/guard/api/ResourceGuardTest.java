package ai.ringrift.guard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.policy.ResourceLimit;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The static facade delegates to the installed checker; without one it starts a default sampler. */
class ResourceGuardTest {

    @AfterEach
    void reset() {
        ResourceGuard.uninstall();
    }

    @Test
    void limitsConstantHoldsTheDefaults() {
        assertThat(ResourceGuard.LIMITS.max(Resource.CPU)).isEqualTo(80);
        assertThat(ResourceGuard.LIMITS.warn(Resource.MEMORY)).isEqualTo(70);
        assertThat(ResourceGuard.LIMITS.max(Resource.GPU)).isEqualTo(80);
        assertThat(ResourceGuard.LIMITS.max(Resource.DISK)).isEqualTo(70);
        assertThat(ResourceGuard.LIMITS.warn(Resource.DISK)).isEqualTo(65);
    }

    @Test
    void delegatesToTheInstalledChecker() {
        Snapshots snaps = Snapshots.healthy();
        Limits tight = Limits.DEFAULTS.with(Resource.MEMORY, ResourceLimit.of(55, 50));
        ResourceGuard.install(new ResourceChecker(snaps, tight, ApiSettings.DEFAULTS,
                Clock.fixed(Snapshots.T0, ZoneOffset.UTC)));
        assertThat(ResourceGuard.limits()).isSameAs(tight);
        assertThat(ResourceGuard.checkMemory(5)).isTrue();
        assertThat(ResourceGuard.checkMemory(5.1)).isFalse();
        assertThat(ResourceGuard.checkDiskSpace(1)).isTrue();
        assertThat(ResourceGuard.checkCpu()).isTrue();
        assertThat(ResourceGuard.checkGpuMemory(1)).isTrue();
        assertThat(ResourceGuard.canProceed(1, 1, 1)).isTrue();
        assertThat(ResourceGuard.canProceed(ResourceNeeds.of(0, 6, 0, 0))).isFalse();
        assertThatThrownBy(() -> ResourceGuard.requireResources(ResourceNeeds.of(0, 6, 0, 0)))
                .hasMessageContaining("memory: needs 6.00 GB, 5.00 GB free under the 55% limit (short by 1.00 GB)");
        try (ResourceLease lease = ResourceGuard.acquire(ResourceNeeds.of(0, 1, 0, 0))) {
            assertThat(lease.ok()).isTrue();
        }
        assertThat(ResourceGuard.recommendedActions()).contains(
                "Memory at 50% (warning at 50%): soon reduce batch sizes or the number of parallel workers");
        assertThat(ResourceGuard.getResourceStatus().of(Resource.MEMORY).maxPercent()).isEqualTo(55);
    }

    @Test
    void selfInstallsADefaultSamplerWhenNothingIsInstalled() {
        ResourceStatus st = ResourceGuard.getResourceStatus();
        assertThat(st.stale()).isFalse();
        assertThat(st.of(Resource.MEMORY).measured()).isTrue();
        assertThat(st.of(Resource.MEMORY).source()).isIn("host", "cgroup");
        assertThat(st.of(Resource.DISK).source()).isEqualTo("nio");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResourceGuard.printResourceStatus(new PrintStream(out, true));
        assertThat(out.toString()).contains("RESOURCE", "memory", "disk", "readings taken");
    }
}
