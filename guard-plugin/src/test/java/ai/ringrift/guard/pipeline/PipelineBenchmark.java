package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.GuardRequest;
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
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The engine's decision alone against the whole pipeline around it (readings check, fail policy,
 * audit row built and handed to an in-memory trail, the port, the sinks), on a cached level-0
 * snapshot, in one run: what the pipeline adds to a fire before the database does.
 *
 * <pre>scripts/bench.sh guard-plugin PipelineBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -bm sample</pre>
 * Target: engine decide p99 <= 1 us.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark {

    private DecisionEngine engine;
    private GuardPipeline pipeline;
    private Snapshot calm;
    private GuardRequest request;
    private FireRequest fire;
    private final FirePort port = new FirePort() {
        @Override
        public void admit(Verdict verdict) {
        }

        @Override
        public void veto(Verdict verdict) {
        }
    };

    @Setup
    public void setUp() {
        engine = new DecisionEngine(EngineSettings.DEFAULTS, BreakerSettings.DEFAULTS,
                new SpawnRateSettings(1e12, 1_000_000, true), Clock.systemUTC());
        Instant now = Instant.now();
        calm = snapshot(now);
        engine.onSnapshot(calm);
        JobDeclaration declaration = JobDeclaration.of(Priority.NORMAL, ResourceNeeds.NONE);
        request = GuardRequest.of("plain", declaration);
        fire = new FireRequest("DEFAULT", "plain", declaration, null, 0, FireSource.QUARTZ, "fire-1", null, 5,
                Map.of(), null);
        AtomicLong seq = new AtomicLong();
        AuditTrail memory = new AuditTrail() {
            @Override
            public long record(DecisionRow row) {
                return seq.incrementAndGet();
            }

            @Override
            public void recordOutcome(OutcomeRow row) {
            }
        };
        pipeline = GuardPipeline.builder().nodeId("bench").snapshots(() -> calm).engine(engine).audit(memory)
                .rows(new AuditRows("hash")).deferrals(Deferrals.NONE).clock(Clock.systemUTC())
                .random(() -> 0.5).build();
    }

    private static Snapshot snapshot(Instant at) {
        long gb = 1_000_000_000L;
        Map<Resource, Reading> m = new EnumMap<>(Resource.class);
        m.put(Resource.CPU, Reading.percent(Resource.CPU, 30, "host", at));
        m.put(Resource.MEMORY, Reading.bytes(Resource.MEMORY, 64 * gb, 24 * gb, "host", at, ""));
        m.put(Resource.DISK, Reading.bytes(Resource.DISK, 1000 * gb, 600 * gb, "nio", at, "/"));
        return new Snapshot(1, at, Duration.ofDays(3650), m, Map.of(), Map.of("cpu.logical", 32.0));
    }

    /** The engine alone: level 0, no needs, ALLOW. */
    @Benchmark
    public Decision engineDecide() {
        return engine.decide(request, calm);
    }

    /** The same fire through the pipeline: ALLOW, its audit row built and recorded, the port admits it. */
    @Benchmark
    public Verdict pipelineFire() {
        return pipeline.fire(fire, port);
    }
}
