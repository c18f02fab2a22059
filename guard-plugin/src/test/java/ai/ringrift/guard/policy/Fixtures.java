package ai.ringrift.guard.policy;

import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Snapshots, declarations and engines for the engine tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final long GB = 1_000_000_000L;
    /** A spawn limiter that never limits (tests of other rules). */
    static final SpawnRateSettings NO_SPAWN_LIMIT = new SpawnRateSettings(1_000_000, 1_000_000, true);

    private Fixtures() {
    }

    static DecisionEngine engine(EngineSettings config, MutableClock clock) {
        return new DecisionEngine(config, BreakerSettings.DEFAULTS, NO_SPAWN_LIMIT, clock);
    }

    static DecisionEngine engine(MutableClock clock) {
        return engine(EngineSettings.DEFAULTS, clock);
    }

    /** Percent-only readings (no byte counts: headroom is not checked), sequence 1, stale after 30 s. */
    static Snapshot percents(Instant at, double cpu, double memory, double disk, Double gpu) {
        List<Reading> rs = new ArrayList<>();
        rs.add(Reading.percent(Resource.CPU, cpu, "test", at));
        rs.add(Reading.percent(Resource.MEMORY, memory, "test", at));
        rs.add(Reading.percent(Resource.DISK, disk, "test", at));
        if (gpu != null) {
            rs.add(Reading.percent(Resource.GPU, gpu, "test", at));
        }
        return snapshot(at, rs, Map.of());
    }

    /** Only memory (percent-only), the rest low. */
    static Snapshot memory(Instant at, double memoryPercent) {
        return percents(at, 10, memoryPercent, 10, null);
    }

    static Snapshot snapshot(Instant at, List<Reading> readings, Map<String, Double> signals) {
        Map<Resource, Reading> m = new EnumMap<>(Resource.class);
        readings.forEach(r -> m.put(r.resource(), r));
        return new Snapshot(1, at, Duration.ofSeconds(30), m, Map.of(), signals);
    }

    static JobDeclaration job(Priority p) {
        return JobDeclaration.of(p, ResourceNeeds.NONE);
    }

    static JobDeclaration resizable(Priority p, int min) {
        return job(p).withResizable("num_games", min);
    }

    static JobDeclaration needs(Priority p, double cpu, double memGb, double gpuGb, double diskGb) {
        return JobDeclaration.of(p, ResourceNeeds.of(cpu, memGb, gpuGb, diskGb));
    }

    /** A memory percentage whose ratio (80 % limit) gives the level: 40, 60, 70, 77, 82. */
    static double memoryForLevel(int level) {
        return new double[] {40, 60, 70, 77, 82}[level];
    }
}
