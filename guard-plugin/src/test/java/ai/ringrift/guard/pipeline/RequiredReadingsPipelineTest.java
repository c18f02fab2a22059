package ai.ringrift.guard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.MutableClock;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.sample.FakeSource;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.guard.sample.Sampler;
import ai.ringrift.guard.sample.SamplingSettings;
import ai.ringrift.guard.sample.UnavailableSource;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, "a missing GPU reading is treated as fine": readings injected through the sampler's
 * source interface into the real {@link Sampler}, decided by the real engine and pipeline. A job
 * that needs a resource whose reading is missing is decided by the fail policy; a job that does not
 * need it is not affected (DESIGN.md section 3.6).
 */
class RequiredReadingsPipelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final FakeSource host = new FakeSource(clock).set(Resource.CPU, 10).set(Resource.MEMORY, 40)
            .set(Resource.DISK, 20);
    private final PipelineFakes.Audit audit = new PipelineFakes.Audit();
    private final PipelineFakes.Port port = new PipelineFakes.Port(audit);
    private Sampler sampler;

    @AfterEach
    void close() {
        if (sampler != null) {
            sampler.close();
        }
    }

    private GuardPipeline pipeline(ReadingSource gpu) {
        sampler = new Sampler(new SamplingSettings(Duration.ofSeconds(1), null, null, null, null),
                List.of(host, gpu), clock);
        DecisionEngine engine = new DecisionEngine(EngineSettings.DEFAULTS, BreakerSettings.DEFAULTS,
                new SpawnRateSettings(1_000_000, 1_000_000, true), clock);
        sampler.addListener(engine::onSnapshot);
        sampler.sampleOnce();
        PipelineFakes.Store store = new PipelineFakes.Store();
        return GuardPipeline.builder().nodeId("node-a").snapshots(sampler).engine(engine).audit(audit)
                .rows(new AuditRows("hash")).deferrals(store)
                .backoff(new Backoff(new DeferralSettings(Duration.ofSeconds(30), 2, Duration.ofMinutes(15), 0, 20)))
                .clock(clock).random(() -> 0.5).build();
    }

    private static FireRequest fire(String job, Priority p, double gpuGb) {
        ResourceNeeds needs = gpuGb > 0 ? new ResourceNeeds(0, 0, gpuGb, 0) : ResourceNeeds.NONE;
        return new FireRequest("g", job, JobDeclaration.of(p, needs), null, 0, FireSource.QUARTZ, "fire-" + job,
                null, 5, Map.of(), null);
    }

    private String decide(String job, Priority p, double gpuGb) {
        pipeline.fire(fire(job, p, gpuGb), port);
        return audit.last().decision() + "/" + audit.last().reasonCode();
    }

    private GuardPipeline pipeline;

    @Test
    void aGpuReadingThatFailsAtRunTimeSendsGpuJobsToTheFailPolicyAndLeavesTheRestAlone() {
        FakeSource gpu = new FakeSource(clock).set(Resource.GPU, 10);
        pipeline = pipeline(gpu);
        assertThat(decide("train", Priority.LOW, 8)).isEqualTo("ALLOW/LEVEL");

        gpu.failWith(new IllegalStateException("NVML_ERROR_GPU_IS_LOST"));
        clock.advance(Duration.ofSeconds(1));
        sampler.sampleOnce();

        assertThat(decide("train", Priority.LOW, 8)).isEqualTo("DEFER/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("readings unavailable: gpu (fake failed: NVML_ERROR_GPU_IS_LOST)")
                .contains("deferred by the fail policy");
        assertThat(decide("train-high", Priority.HIGH, 8)).as("the fail policy allows HIGH").isEqualTo("ALLOW/GUARD_ERROR");
        assertThat(decide("selfplay", Priority.LOW, 0)).as("a CPU-only job is not affected").isEqualTo("ALLOW/LEVEL");

        gpu.failWith(null);
        clock.advance(Duration.ofSeconds(1));
        sampler.sampleOnce();
        assertThat(decide("train", Priority.LOW, 8)).isEqualTo("ALLOW/LEVEL");
    }

    @Test
    void aJobRelievingTheGpuNeedsTheGpuReadingToo() {
        FakeSource gpu = new FakeSource(clock).set(Resource.GPU, 10).failWith(new IllegalStateException("timeout"));
        pipeline = pipeline(gpu);
        FireRequest evict = new FireRequest("g", "evict", JobDeclaration.of(Priority.LOW, ResourceNeeds.NONE)
                .withRelieves(java.util.Set.of(Resource.GPU)), null, 0, FireSource.QUARTZ, "f", null, 5, Map.of(), null);
        pipeline.fire(evict, port);
        assertThat(audit.last().reasonCode()).isEqualTo("GUARD_ERROR");
    }

    @Test
    void onAHostWithoutAGpuAGpuJobIsDecidedByTheFailPolicy() {
        pipeline = pipeline(new UnavailableSource("gpu", Resource.GPU, "NVML unavailable: libnvidia-ml.so.1 not found"));
        assertThat(decide("train", Priority.NORMAL, 8)).isEqualTo("DEFER/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("gpu (NVML unavailable: libnvidia-ml.so.1 not found)");
        assertThat(decide("train-critical", Priority.CRITICAL, 8)).isEqualTo("ALLOW/GUARD_ERROR");
        assertThat(decide("selfplay", Priority.NORMAL, 0)).isEqualTo("ALLOW/LEVEL");
    }
}
