package ai.ringrift.guard.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.pipeline.AuditRows;
import ai.ringrift.guard.pipeline.AuditTrail;
import ai.ringrift.guard.pipeline.DecisionKey;
import ai.ringrift.guard.pipeline.DeferralOutcome;
import ai.ringrift.guard.pipeline.DeferralRequest;
import ai.ringrift.guard.pipeline.Deferrals;
import ai.ringrift.guard.pipeline.FireRequest;
import ai.ringrift.guard.pipeline.FireSource;
import ai.ringrift.guard.pipeline.GuardPipeline;
import ai.ringrift.guard.pipeline.RunningPort;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.MutableClock;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The evictor's choice and pace on a fake clock: lowest priority then newest, never CRITICAL nor a
 * job relieving the worst resource, one per interval, nothing once the readings fall, nothing on
 * stale readings or when disabled.
 */
class EvictorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<DecisionRow> rows = new CopyOnWriteArrayList<>();
    private final List<String> interrupted = new CopyOnWriteArrayList<>();
    private final RunningFires fires = new RunningFires();
    private final DecisionEngine engine = DecisionEngine.withDefaults(clock);

    private final AuditTrail audit = new AuditTrail() {
        @Override
        public synchronized long record(DecisionRow row) {
            rows.add(row);
            return rows.size();
        }

        @Override
        public void recordOutcome(OutcomeRow row) {
        }
    };

    private final Deferrals store = new Deferrals() {
        @Override
        public DeferralOutcome defer(DeferralRequest request, Instant runAt) {
            return DeferralOutcome.stored(runAt, UUID.randomUUID(), null);
        }

        @Override
        public Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why) {
            return Optional.empty();
        }

        @Override
        public List<PendingDeferral> pending() {
            return List.of();
        }
    };

    private Evictor evictor(EvictionSettings settings) {
        GuardPipeline pipeline = GuardPipeline.builder().nodeId("n").snapshots(() -> null).engine(engine).audit(audit)
                .rows(new AuditRows("h")).deferrals(store).clock(clock).build();
        return new Evictor(settings, Duration.ofSeconds(1), fires, pipeline, EngineSettings.DEFAULTS,
                engine::levelFor, clock);
    }

    private static Snapshot snapshot(Instant at, double memory, double gpu) {
        Map<Resource, Reading> m = new EnumMap<>(Resource.class);
        m.put(Resource.CPU, Reading.percent(Resource.CPU, 10, "test", at));
        m.put(Resource.MEMORY, Reading.percent(Resource.MEMORY, memory, "test", at));
        m.put(Resource.DISK, Reading.percent(Resource.DISK, 10, "test", at));
        m.put(Resource.GPU, Reading.percent(Resource.GPU, gpu, "test", at));
        return new Snapshot(at.getEpochSecond(), at, Duration.ofSeconds(3), m, Map.of(), Map.of());
    }

    /** Publishes the snapshot to the engine (held level) and evaluates it at its own time. */
    private void at(Evictor e, Snapshot s) {
        clock.set(s.takenAt());
        engine.onSnapshot(s);
        e.evaluate(s);
    }

    private void run(String name, Priority p, int startedSecondsBeforeT0, Resource... relieves) {
        JobDeclaration d = new JobDeclaration(p, ResourceNeeds.NONE, null, 10, java.util.Set.of(relieves));
        FireRequest r = new FireRequest("g", name, d, null, 0, FireSource.QUARTZ, "fire-" + name, null, 5, Map.of(),
                null);
        fires.started(new RunningFire(r, T0.minusSeconds(startedSecondsBeforeT0), new RunningPort() {
            @Override
            public boolean interruptible() {
                return true;
            }

            @Override
            public void interrupt(DecisionKey evictKey) {
                interrupted.add(name);
            }
        }));
    }

    private List<String> evicted() {
        return rows.stream().filter(r -> r.reasonCode().equals("LEVEL")).map(DecisionRow::jobName).toList();
    }

    @Test
    void oneFirePerIntervalLowestPriorityThenNewestAndNeverCriticalOrTheReclaimer() {
        run("low-old", Priority.LOW, 300);
        run("low-new", Priority.LOW, 10);
        run("normal", Priority.NORMAL, 5);
        run("background", Priority.BACKGROUND, 600);
        run("cleanup", Priority.BACKGROUND, 1, Resource.MEMORY);
        run("critical", Priority.CRITICAL, 1);
        Evictor e = evictor(EvictionSettings.DEFAULTS);
        assertThat(e.interval()).isEqualTo(Duration.ofSeconds(2));
        List<String> expected = List.of("background", "low-new", "low-old", "normal");
        for (int i = 0; i < 8; i++) {
            at(e, snapshot(T0.plusSeconds(i), 90, 0));
            assertThat(evicted()).hasSize(i / 2 + 1 > expected.size() ? expected.size() : i / 2 + 1);
        }
        assertThat(evicted()).containsExactlyElementsOf(expected);
        assertThat(interrupted).containsExactlyElementsOf(expected);
        at(e, snapshot(T0.plusSeconds(20), 90, 0));
        assertThat(evicted()).as("CRITICAL and the job relieving memory are never evicted").hasSize(4);
    }

    @Test
    void itStopsAsSoonAsTheReadingsFallEvenWhileTheHeldLevelIsStillFour() {
        run("a", Priority.LOW, 1);
        run("b", Priority.LOW, 2);
        Evictor e = evictor(EvictionSettings.DEFAULTS);
        at(e, snapshot(T0, 90, 0));
        assertThat(evicted()).containsExactly("a");
        at(e, snapshot(T0.plusSeconds(2), 75, 0)); // below the level-4 edge; hysteresis holds level 4
        assertThat(engine.levelFor(JobDeclaration.of(Priority.LOW, ResourceNeeds.NONE))).isEqualTo(4);
        assertThat(evicted()).containsExactly("a");
    }

    @Test
    void aFullGpuDoesNotEvictAJobTheGpuDoesNotCountFor() {
        run("cpu-only", Priority.BACKGROUND, 1);
        Evictor e = evictor(EvictionSettings.DEFAULTS);
        at(e, snapshot(T0, 40, 99));
        assertThat(rows).isEmpty();
    }

    @Test
    void nothingIsEvictedOnStaleReadingsOrWhenDisabled() {
        run("a", Priority.BACKGROUND, 1);
        Evictor disabled = evictor(EvictionSettings.DEFAULTS.withEnabled(false));
        at(disabled, snapshot(T0, 90, 0));
        assertThat(rows).isEmpty();
        Evictor e = evictor(EvictionSettings.DEFAULTS);
        Snapshot old = snapshot(T0, 90, 0);
        clock.set(T0.plusSeconds(10));
        e.evaluate(old);
        assertThat(rows).isEmpty();
    }
}
