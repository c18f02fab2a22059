package ai.ringrift.guard.policy;

import static ai.ringrift.guard.policy.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.scheduler.model.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The band edges 0.70, 0.85, 0.95, 1.00 exactly, and just below each. */
class BandEdgeTest {

    @ParameterizedTest(name = "{0} {1}% of its limit -> level {2}")
    @CsvSource({
            // memory limit 80: edges at 56, 68, 76, 80
            "memory, 55.99, 0", "memory, 56, 1", "memory, 67.99, 1", "memory, 68, 2",
            "memory, 75.99, 2", "memory, 76, 3", "memory, 79.99, 3", "memory, 80, 4", "memory, 100, 4",
            // disk limit 70: edges at 49, 59.5, 66.5, 70
            "disk, 48.99, 0", "disk, 49, 1", "disk, 59.49, 1", "disk, 59.5, 2",
            "disk, 66.49, 2", "disk, 66.5, 3", "disk, 69.99, 3", "disk, 70, 4",
            // cpu and gpu limit 80
            "cpu, 0, 0", "cpu, 56, 1", "cpu, 80, 4", "gpu, 68, 2", "gpu, 67.9, 1",
    })
    void edges(String resource, double percent, int level) {
        Resource r = Resource.parse(resource);
        DecisionEngine engine = Fixtures.engine(new MutableClock(T0));
        engine.onSnapshot(Fixtures.snapshot(T0, List.of(Reading.percent(r, percent, "test", T0)), Map.of()));
        assertThat(engine.currentLevel()).isEqualTo(level);
        assertThat(EngineSettings.DEFAULTS.levelOf(percent / EngineSettings.DEFAULTS.limits().max(r))).isEqualTo(level);
        assertThat(engine.currentRatios()).containsOnlyKeys(r);
    }

    @ParameterizedTest(name = "ratio {0} -> level {1}")
    @CsvSource({"0.6999, 0", "0.70, 1", "0.8499, 1", "0.85, 2", "0.9499, 2", "0.95, 3", "0.9999, 3", "1.0, 4",
            "1.5, 4"})
    void ratios(double ratio, int level) {
        assertThat(EngineSettings.DEFAULTS.levelOf(ratio)).isEqualTo(level);
    }

    @org.junit.jupiter.api.Test
    void belowTheFreeFloorCountsAsRatioOne() {
        Limits limits = Limits.DEFAULTS.with(Resource.DISK, new ResourceLimit(70, 65, 5));
        DecisionEngine engine = Fixtures.engine(EngineSettings.DEFAULTS.withLimits(limits), new MutableClock(T0));
        // 10 % used of 5.5 GB: 4.95 GB free, below the 5 GB floor
        Reading disk = Reading.bytes(Resource.DISK, 5_500_000_000L, 4_950_000_000L, "nio", T0, "/");
        engine.onSnapshot(Fixtures.snapshot(T0, List.of(disk), Map.of()));
        assertThat(engine.currentLevel()).isEqualTo(4);
        assertThat(engine.currentRatios().get(Resource.DISK)).isEqualTo(1.0);
        Decision d = engine.decide(GuardRequest.of("j", Fixtures.job(ai.ringrift.scheduler.model.Priority.HIGH)),
                Fixtures.snapshot(T0, List.of(disk), Map.of()));
        assertThat(d.sentence()).startsWith("disk 10% of 70% limit, free below the 5 GB floor (level 4)");
    }
}
