package ai.ringrift.guard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.guard.policy.Limits;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class ResourceLimitsTest {

    @RespectResourceLimits(diskGb = 5, memGb = 20, gpuGb = 0, timeoutSeconds = 0)
    static final class BigJob implements Callable<String> {
        @Override
        public String call() {
            return "ran";
        }
    }

    static final class MethodLevelJob implements Callable<String> {
        @Override
        @RespectResourceLimits(memGb = 40, gpuGb = 2, timeoutSeconds = 0)
        public String call() {
            return "ran";
        }
    }

    private final Snapshots snaps = Snapshots.healthy();
    private final ResourceChecker checker = new ResourceChecker(snaps, Limits.DEFAULTS,
            ApiSettings.DEFAULTS.withPollInterval(Duration.ofMillis(5)),
            new ResourceCheckerTest.TickingClock(Snapshots.T0, Duration.ofMillis(1)));

    @Test
    void readsNeedsFromClassAndMethod() throws Exception {
        assertThat(ResourceLimits.needsOf(BigJob.class)).isEqualTo(ResourceNeeds.of(0, 20, 0, 5));
        assertThat(ResourceLimits.declared(MethodLevelJob.class).orElseThrow().memGb()).isEqualTo(40);
        assertThat(ResourceLimits.needsOf(MethodLevelJob.class.getMethod("call"))).isEqualTo(ResourceNeeds.of(0, 40, 2, 0));
        assertThat(ResourceLimits.needsOf(String.class)).isEqualTo(ResourceNeeds.NONE);
    }

    @Test
    void wrapCallsWhenTheNeedsFit() throws Exception {
        assertThat(ResourceLimits.wrap(checker, new BigJob()).call()).isEqualTo("ran");
    }

    @Test
    void wrapThrowsNamingTheShortResourceWhenTheyDoNot() throws Exception {
        // memory headroom 30 GB; the method asks for 40
        Callable<String> wrapped = ResourceLimits.wrap(checker, new MethodLevelJob());
        assertThatThrownBy(wrapped::call).isInstanceOf(ResourcesUnavailableException.class)
                .hasMessageContaining("resources unavailable after waiting 0 s")
                .hasMessageContaining("memory: needs 40.00 GB, 30.00 GB free under the 80% limit (short by 10.00 GB)");
        snaps.used(Resource.MEMORY, 30);
        assertThat(ResourceLimits.wrap(checker, new MethodLevelJob()).call()).isEqualTo("ran");
    }

    @Test
    void unannotatedTasksRunAsIs() throws Exception {
        Callable<Integer> plain = () -> 7;
        assertThat(ResourceLimits.wrap(checker, plain)).isSameAs(plain);
    }
}
