package ai.ringrift.guard.policy;

import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link DecisionEngine#decide} on a cached snapshot, as a Quartz worker thread calls it.
 * Average time and sampled percentiles (p99), allocation with {@code -prof gc}:
 *
 * <pre>
 * scripts/bench.sh guard-plugin DecisionEngineBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 * Targets: average <= 1 us, p99 <= 20 us.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionEngineBenchmark {

    private DecisionEngine engine;
    private Snapshot calm;
    private Snapshot heavy;
    private GuardRequest plain;
    private GuardRequest resizable;
    private GuardRequest low;
    private GuardRequest withNeeds;

    @Setup
    public void setUp() {
        // the real clock; a spawn rate high enough never to defer, so every call takes the same path
        engine = new DecisionEngine(EngineSettings.DEFAULTS, BreakerSettings.DEFAULTS,
                new SpawnRateSettings(1e12, 1_000_000, true), Clock.systemUTC());
        Instant now = Instant.now();
        calm = snapshot(now, 30, 40);
        heavy = snapshot(now, 30, 77); // memory ratio 0.9625: level 3
        plain = GuardRequest.of("plain", JobDeclaration.of(Priority.NORMAL, ResourceNeeds.NONE));
        resizable = GuardRequest.of("selfplay",
                JobDeclaration.of(Priority.NORMAL, ResourceNeeds.NONE).withResizable("num_games", 10), 1000);
        low = GuardRequest.of("low", JobDeclaration.of(Priority.LOW, ResourceNeeds.NONE));
        withNeeds = GuardRequest.of("train", JobDeclaration.of(Priority.HIGH, ResourceNeeds.of(2, 4, 0, 1)));
        engine.onSnapshot(calm);
    }

    private static Snapshot snapshot(Instant at, double cpu, double memoryPercent) {
        long gb = 1_000_000_000L;
        long total = 64 * gb;
        Map<Resource, Reading> m = new EnumMap<>(Resource.class);
        m.put(Resource.CPU, Reading.percent(Resource.CPU, cpu, "host", at));
        m.put(Resource.MEMORY, new Reading(Resource.MEMORY, memoryPercent, (long) (total * memoryPercent / 100), total,
                total - (long) (total * memoryPercent / 100), "host", at, ""));
        m.put(Resource.DISK, Reading.bytes(Resource.DISK, 1000 * gb, 600 * gb, "nio", at, "/"));
        m.put(Resource.GPU, Reading.bytes(Resource.GPU, 80 * gb, 60 * gb, "nvml", at, "H100"));
        return new Snapshot(1, at, Duration.ofDays(3650), m, Map.of(), Map.of("cpu.logical", 32.0));
    }

    /** Level 0, no needs: ALLOW. */
    @Benchmark
    public Decision allow() {
        return engine.decide(plain, calm);
    }

    /** Level 3, NORMAL resizable: RESIZE 1000 -> 250. */
    @Benchmark
    public Decision resize() {
        return engine.decide(resizable, heavy);
    }

    /** Level 3, LOW: DEFER with a defer-until hint. */
    @Benchmark
    public Decision deferByLevel() {
        return engine.decide(low, heavy);
    }

    /** Level 0 with needs: headroom check, reservation, then the job's end releases it. */
    @Benchmark
    public Decision allowReserveAndFinish() {
        Decision d = engine.decide(withNeeds, calm);
        engine.onJobFinished("train", d.reservationId(), true);
        return d;
    }
}
