package ai.ringrift.guard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.MutableClock;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's EVICT step with fakes: the EVICT row is committed before the interrupt, the
 * re-run is deferred durably with the attempt counted, every failure leaves a true last row, and
 * the re-run of an evicted fire is deferred where the table would veto it.
 */
class EvictStepTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Memory 82 % of 80 %: level 4. */
    private static final double LEVEL_4 = 82;

    private final MutableClock clock = new MutableClock(T0);
    private final Snapshot level4 = PipelineFakes.snapshot(T0, LEVEL_4);
    private final PipelineFakes.Audit audit = new PipelineFakes.Audit();
    private final PipelineFakes.Store primary = new PipelineFakes.Store();
    private final PipelineFakes.Store fallback = new PipelineFakes.Store();
    private final PipelineFakes.Sink sink = new PipelineFakes.Sink();
    private final Running running = new Running();

    private GuardPipeline pipeline(boolean shadow) {
        DecisionEngine engine = new DecisionEngine(EngineSettings.DEFAULTS.withShadow(shadow), BreakerSettings.DEFAULTS,
                new SpawnRateSettings(1_000_000, 1_000_000, true), clock);
        engine.onSnapshot(level4);
        return GuardPipeline.builder().nodeId("node-a").snapshots(() -> level4).engine(engine).audit(audit)
                .rows(new AuditRows("hash")).deferrals(new FallbackDeferrals(primary, fallback))
                .backoff(new Backoff(new DeferralSettings(Duration.ofSeconds(30), 2, Duration.ofMinutes(15), 0, 5)))
                .sink(sink).clock(clock).random(() -> 0.5).build();
    }

    private static FireRequest fire(Priority p, String evictedBy) {
        return new FireRequest("g", "selfplay", JobDeclaration.of(p, ResourceNeeds.NONE), null, 0, FireSource.QUARTZ,
                "fire-1", null, 5, Map.of("num_games", "100"), null, evictedBy);
    }

    /** A running fire: records its interrupts and how many rows were committed when it was interrupted. */
    private final class Running implements RunningPort {
        boolean interruptible = true;
        boolean throwing;
        final List<DecisionKey> interrupts = new ArrayList<>();
        int rowsWhenInterrupted = -1;

        @Override
        public boolean interruptible() {
            return interruptible;
        }

        @Override
        public void interrupt(DecisionKey evictKey) {
            if (throwing) {
                throw new IllegalStateException("no such fire");
            }
            rowsWhenInterrupted = audit.rows.size();
            interrupts.add(evictKey);
        }
    }

    @Test
    void theEvictRowIsCommittedBeforeTheInterruptAndTheReRunIsDeferredDurably() {
        EvictResult r = pipeline(false).evict(fire(Priority.BACKGROUND, null), "level 4: memory", 4, level4, running);
        assertThat(r.kind()).isEqualTo(EvictResult.Kind.EVICTED);
        assertThat(audit.decisions()).containsExactly("EVICT/LEVEL");
        assertThat(running.rowsWhenInterrupted).isEqualTo(1);
        assertThat(running.interrupts).containsExactly(new DecisionKey("node-a", 1));
        assertThat(audit.last().fireInstanceId()).isEqualTo("fire-1");
        assertThat(audit.last().memoryUsedPct()).isEqualTo(82.0);
        assertThat(audit.last().deferUntil()).isEqualTo(T0.plusSeconds(30));
        assertThat(audit.last().reason()).startsWith("level 4: memory").contains("(attempt 1)");
        assertThat(primary.stored).hasSize(1);
        DeferralRequest d = primary.stored.get(0);
        assertThat(d.attempt()).isEqualTo(1);
        assertThat(d.data()).containsEntry("num_games", "100").containsEntry(RefireKeys.EVICTED, "node-a/1");
        assertThat(sink.decisions).containsExactly("EVICT/LEVEL");
    }

    @Test
    void withoutItsRowNothingIsInterrupted() {
        audit.failNext = 1;
        EvictResult r = pipeline(false).evict(fire(Priority.BACKGROUND, null), "level 4", 4, level4, running);
        assertThat(r.kind()).isEqualTo(EvictResult.Kind.NOT_DONE);
        assertThat(running.interrupts).isEmpty();
        assertThat(primary.stored).isEmpty();
    }

    @Test
    void aFailedInterruptLeavesAGuardErrorRowAndNoReRun() {
        running.throwing = true;
        EvictResult r = pipeline(false).evict(fire(Priority.LOW, null), "level 4", 4, level4, running);
        assertThat(r.kind()).isEqualTo(EvictResult.Kind.NOT_DONE);
        assertThat(audit.decisions()).containsExactly("EVICT/LEVEL", "EVICT/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("cannot interrupt").contains("left running");
        assertThat(primary.stored).isEmpty();
        assertThat(fallback.stored).isEmpty();
    }

    @Test
    void aReRunNoStoreTakesIsSaidInTheLastRow() {
        primary.fail = true;
        fallback.fail = true;
        EvictResult r = pipeline(false).evict(fire(Priority.LOW, null), "level 4", 4, level4, running);
        assertThat(r.kind()).isEqualTo(EvictResult.Kind.EVICTED_NOT_DEFERRED);
        assertThat(audit.decisions()).containsExactly("EVICT/LEVEL", "EVICT/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("will not re-run");
    }

    @Test
    void aFireThatCannotBeInterruptedIsReportedAndLeftAlone() {
        running.interruptible = false;
        EvictResult r = pipeline(false).evict(fire(Priority.LOW, null), "level 4", 4, level4, running);
        assertThat(r.kind()).isEqualTo(EvictResult.Kind.NOT_INTERRUPTIBLE);
        assertThat(audit.decisions()).containsExactly("EVICT/NOT_INTERRUPTIBLE");
        assertThat(running.interrupts).isEmpty();
        assertThat(primary.stored).isEmpty();
        assertThat(sink.decisions).containsExactly("EVICT/NOT_INTERRUPTIBLE");
    }

    @Test
    void shadowModeOnlyAuditsTheWouldBeEviction() {
        EvictResult r = pipeline(true).evict(fire(Priority.BACKGROUND, null), "level 4", 4, level4, running);
        assertThat(r.kind()).isEqualTo(EvictResult.Kind.SHADOWED);
        assertThat(audit.decisions()).containsExactly("EVICT/SHADOW");
        assertThat(audit.last().reason()).startsWith("[shadow mode: not interrupted] level 4");
        assertThat(running.interrupts).isEmpty();
        assertThat(primary.stored).isEmpty();
    }

    @Test
    void theReRunOfAnEvictedFireIsDeferredWhereTheTableVetoesAndKeepsItsMark() {
        GuardPipeline p = pipeline(false);
        PipelineFakes.Port port = new PipelineFakes.Port(audit);
        Verdict plain = p.fire(fire(Priority.BACKGROUND, null), port);
        assertThat(plain.decisionName()).isEqualTo("VETO");
        Verdict rerun = p.fire(fire(Priority.BACKGROUND, "node-a/7"), port);
        assertThat(rerun.decisionName()).isEqualTo("DEFER");
        assertThat(audit.last().reason()).contains("the re-run of an evicted fire waits for the level to fall");
        assertThat(primary.stored).hasSize(1);
        assertThat(primary.stored.get(0).data()).containsEntry(RefireKeys.EVICTED, "node-a/7");
    }
}
