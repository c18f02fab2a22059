package ai.ringrift.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.sample.FakeSource;
import ai.ringrift.guard.sample.Sampler;
import ai.ringrift.guard.sample.SamplingSettings;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a gap in readings must not shorten the dwell, and the guard's own start-up must not
 * hold the level for a whole dwell. Readings go through the real {@link Sampler} (sources injected
 * through its source interface) into the real engine, on a controlled clock; default dwell 60 s.
 */
class ReadingGapsAndStartupTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final JobDeclaration GPU_JOB = JobDeclaration.of(Priority.LOW, new ResourceNeeds(0, 0, 8, 0));

    private final MutableClock clock = new MutableClock(T0);
    private final FakeSource host = new FakeSource(clock).set(Resource.CPU, 10).set(Resource.MEMORY, 40)
            .set(Resource.DISK, 20);
    private final FakeSource gpu = new FakeSource(clock).set(Resource.GPU, 95); // 95 % of 80 %: level 4
    private final DecisionEngine engine = Fixtures.engine(clock);
    private Sampler sampler;

    @AfterEach
    void close() {
        if (sampler != null) {
            sampler.close();
        }
    }

    /** A sampler whose own thread never samples during the test (interval 1 h): the test samples. */
    private Sampler sampler(FakeSource... sources) {
        sampler = new Sampler(new SamplingSettings(Duration.ofHours(1), Duration.ofHours(3), null, null, null),
                List.of(sources), clock);
        sampler.addListener(engine::onSnapshot);
        return sampler;
    }

    private void sampleAt(Duration sinceStart) {
        clock.set(T0.plus(sinceStart));
        sampler.sampleOnce();
    }

    @Test
    void oneFailedGpuReadDoesNotResetTheGpuLevel() {
        sampler(host, gpu);
        sampleAt(Duration.ZERO);
        assertThat(engine.levelFor(GPU_JOB)).isEqualTo(4);

        gpu.failWith(new IllegalStateException("NVML_ERROR_UNKNOWN"));
        sampleAt(Duration.ofSeconds(1));
        assertThat(sampler.latest().reading(Resource.GPU)).isNull();
        gpu.failWith(null).set(Resource.GPU, 10);
        sampleAt(Duration.ofSeconds(2));
        assertThat(engine.levelFor(GPU_JOB)).as("2 s after the gap, dwell 60 s").isEqualTo(4);
        sampleAt(Duration.ofSeconds(61));
        assertThat(engine.levelFor(GPU_JOB)).as("59 s below").isEqualTo(4);
        sampleAt(Duration.ofSeconds(62));
        assertThat(engine.levelFor(GPU_JOB)).as("60 s below").isZero();
    }

    @Test
    void aGapRestartsTheFallClock() {
        sampler(host, gpu);
        sampleAt(Duration.ZERO);
        gpu.set(Resource.GPU, 10);
        sampleAt(Duration.ofSeconds(10)); // below from 10 s
        sampleAt(Duration.ofSeconds(50));
        gpu.failWith(new IllegalStateException("timeout"));
        sampleAt(Duration.ofSeconds(60));
        gpu.failWith(null);
        sampleAt(Duration.ofSeconds(70)); // 60 s after 10 s, but nothing is known of 60 s: clock restarts at 70
        assertThat(engine.levelFor(GPU_JOB)).isEqualTo(4);
        sampleAt(Duration.ofSeconds(129));
        assertThat(engine.levelFor(GPU_JOB)).isEqualTo(4);
        sampleAt(Duration.ofSeconds(130));
        assertThat(engine.levelFor(GPU_JOB)).isZero();
    }

    @Test
    void aStartUpSpikeSetsTheLevelButTheDwellDoesNotHoldIt() {
        FakeSource cpu = new FakeSource(clock).set(Resource.CPU, 100).set(Resource.MEMORY, 40).set(Resource.DISK, 20);
        // interval 1 h: the sampler's thread never samples during the test; its start-up window is
        // then 2 intervals (it is at least Sampler.STARTUP_WINDOW)
        sampler = new Sampler(new SamplingSettings(Duration.ofHours(1), Duration.ofHours(3), null, null, null),
                List.of(cpu), clock);
        sampler.addListener(engine::onSnapshot);
        try (Sampler started = sampler.start()) { // first sample: the JVM's own start-up fills the core
            Snapshot first = started.latest();
            assertThat(first.startup()).isTrue();
            assertThat(engine.coreLevel()).as("a loaded host is protected at once").isEqualTo(4);
            JobDeclaration normal = JobDeclaration.of(Priority.NORMAL, ResourceNeeds.NONE);
            assertThat(engine.decide(GuardRequest.of("n", normal), first).action()).isEqualTo(Action.DEFER);

            cpu.set(Resource.CPU, 2.3);
            sampleAt(Duration.ofSeconds(1));
            assertThat(engine.coreLevel()).as("start-up levels are provisional: no 60 s dwell").isZero();
            assertThat(engine.decide(GuardRequest.of("n", normal), started.latest()).action()).isEqualTo(Action.ALLOW);

            // after the start-up window the dwell holds again
            cpu.set(Resource.CPU, 100);
            sampleAt(Duration.ofHours(2).plusSeconds(1));
            assertThat(started.latest().startup()).isFalse();
            assertThat(engine.coreLevel()).isEqualTo(4);
            cpu.set(Resource.CPU, 2.3);
            sampleAt(Duration.ofHours(2).plusSeconds(2));
            assertThat(engine.coreLevel()).isEqualTo(4);
        }
    }
}
