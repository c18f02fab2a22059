package ai.ringrift.guard.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void beforeTheFirstSampleEverythingIsMissingAndStale() {
        try (Sampler s = new Sampler(SamplingSettings.defaults(), List.of(), clock)) {
            assertThat(s.latest().isStale(clock.instant())).isTrue();
            assertThat(s.latest().missingReason(Resource.CPU)).contains("not sampled yet");
        }
    }

    @Test
    void publishesReadingsSignalsAndSequence() {
        FakeSource fake = new FakeSource(clock).set(Resource.CPU, 30).set(Resource.MEMORY, 55)
                .signals(Map.of("load.1m", 0.5));
        List<Snapshot> heard = new CopyOnWriteArrayList<>();
        try (Sampler s = new Sampler(SamplingSettings.defaults(), List.of(fake), clock)) {
            s.addListener(heard::add);
            Snapshot first = s.sampleOnce();
            Snapshot second = s.sampleOnce();
            assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
            assertThat(s.latest()).isSameAs(second);
            assertThat(second.reading(Resource.CPU).usedPercent()).isEqualTo(30.0);
            assertThat(second.reading(Resource.MEMORY).usedPercent()).isEqualTo(55.0);
            assertThat(second.signal("load.1m")).contains(0.5);
            assertThat(second.missingReason(Resource.DISK)).contains("no source measures disk");
            assertThat(second.staleAfter()).isEqualTo(Duration.ofSeconds(3));
            assertThat(second.isStale(clock.instant())).isFalse();
            assertThat(heard).containsExactly(first, second);
        }
    }

    @Test
    void aThrowingSourceMarksItsResourcesMissingAndOthersStillPublish() {
        FakeSource bad = new FakeSource(clock).set(Resource.GPU, 10).failWith(new IllegalStateException("boom"));
        FakeSource good = new FakeSource(clock).set(Resource.MEMORY, 40);
        try (Sampler s = new Sampler(SamplingSettings.defaults(), List.of(bad, good), clock)) {
            s.addListener(snap -> {
                throw new RuntimeException("listener failures are ignored");
            });
            Snapshot snap = s.sampleOnce();
            assertThat(snap.missingReason(Resource.GPU)).contains("fake failed: boom");
            assertThat(snap.reading(Resource.MEMORY).usedPercent()).isEqualTo(40.0);
        }
    }

    @Test
    void unavailableSourceGivesItsReason() {
        try (Sampler s = new Sampler(SamplingSettings.defaults(),
                List.of(new UnavailableSource("gpu", Resource.GPU, "NVML unavailable: test")), clock)) {
            assertThat(s.sampleOnce().missingReason(Resource.GPU)).contains("NVML unavailable: test");
        }
    }

    @Test
    void theThreadNeverDiesWhenASourceThrowsEveryTime() {
        FakeSource bad = new FakeSource(Clock.systemUTC()).set(Resource.CPU, 10).failWith(new RuntimeException("always"));
        try (Sampler s = new Sampler(SamplingSettings.defaults(), List.of(bad), Clock.systemUTC())) {
            s.start();
            assertThat(s.latest().sequence()).as("start() samples once before returning").isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> s.latest().sequence() >= 3);
            assertThat(bad.reads.get()).isGreaterThanOrEqualTo(3);
            assertThat(s.latest().missingReason(Resource.CPU)).contains("fake failed: always");
            assertThat(Thread.getAllStackTraces().keySet()).anySatisfy(t -> {
                assertThat(t.getName()).isEqualTo(Sampler.THREAD_NAME);
                assertThat(t.isDaemon()).isTrue();
            });
        }
        // the executor is terminated when close() returns; its thread may still be on its way out
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(Sampler.THREAD_NAME) && t.isAlive()));
    }
}
