package ai.ringrift.guard.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.fleet.NodeCapacity;
import ai.ringrift.db.fleet.NodeHeartbeat;
import ai.ringrift.db.fleet.NodeReading;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scale advice follows the utilisation across the tier target: below it by more than the band
 * "add N", within it "hold", above it "shed N", at level 2 or more shed for backpressure; only jobs
 * of {@code fleet.scaleJobs} get advice; adding is bounded by free worker threads.
 */
class ScaleAdvisorTest {

    static NodeHeartbeat node(Double gpu, double cpu, int level, int selfplayRunning, int threads) {
        Map<String, NodeReading> readings = new HashMap<>();
        readings.put("cpu", new NodeReading(cpu, "host", 100));
        if (gpu != null) {
            readings.put("gpu", new NodeReading(gpu, "nvml", 100));
        }
        return new NodeHeartbeat("n1", "h1", "dev", gpu == null ? "CPU_ONLY" : "MID_TIER", gpu == null ? 50 : 60,
                new NodeCapacity(8.0, 64.0, 24.0, 100.0, threads), readings, level, "gpu", 0, selfplayRunning,
                Map.of("selfplay", selfplayRunning), false, null, Instant.EPOCH, Instant.EPOCH, null);
    }

    final ScaleAdvisor advisor = new ScaleAdvisor(FleetSettings.DEFAULTS);

    @Test
    void adviceChangesAsUtilisationCrossesTheTierTarget() {
        ScaleAdvice low = advisor.advise(node(42.0, 90, 0, 2, 16), "selfplay");
        assertThat(low.delta()).isEqualTo(1); // round(2 x 18 / 42) = 1
        assertThat(low.sentence()).isEqualTo("add 1 selfplay worker: gpu 42% 18% below the MID_TIER target 60%");
        ScaleAdvice veryLow = advisor.advise(node(10.0, 90, 0, 2, 16), "selfplay");
        assertThat(veryLow.delta()).isEqualTo(10);
        assertThat(veryLow.sentence()).startsWith("add 10 selfplay workers: gpu 10% 50% below");
        assertThat(advisor.advise(node(10.0, 90, 0, 2, 4), "selfplay").delta())
                .as("bounded by the free worker threads").isEqualTo(2);
        assertThat(advisor.advise(node(62.0, 90, 0, 2, 16), "selfplay").sentence())
                .isEqualTo("hold: gpu 62% within 5% of the MID_TIER target 60%");
        ScaleAdvice high = advisor.advise(node(90.0, 10, 1, 4, 16), "selfplay");
        assertThat(high.delta()).isEqualTo(-1);
        assertThat(high.sentence()).isEqualTo("shed 1 selfplay worker: gpu 90% 30% above the MID_TIER target 60%");
        ScaleAdvice pressured = advisor.advise(node(30.0, 10, 3, 4, 16), "selfplay");
        assertThat(pressured.delta()).isEqualTo(-2);
        assertThat(pressured.sentence()).isEqualTo("shed 2 selfplay workers: backpressure (level 3 on gpu)");
    }

    @Test
    void aCpuOnlyNodeIsJudgedByItsCpuAndOnlyScalingJobsGetAdvice() {
        ScaleAdvice cpu = advisor.advise(node(null, 20, 0, 0, 4), "selfplay");
        assertThat(cpu.delta()).isEqualTo(1);
        assertThat(cpu.sentence()).contains("cpu 20% 30% below the CPU_ONLY target 50%");
        assertThat(advisor.advise(node(null, 20, 0, 0, 4), List.of("selfplay", "training", "nightly-selfplay-big")))
                .extracting(ScaleAdvice::job).containsExactly("selfplay", "nightly-selfplay-big");
    }
}
