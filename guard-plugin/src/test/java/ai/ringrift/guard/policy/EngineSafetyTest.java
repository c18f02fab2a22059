package ai.ringrift.guard.policy;

import static ai.ringrift.guard.policy.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.BreakerState;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Breakers and the spawn limiter as the engine applies them, on a mutable clock. */
class EngineSafetyTest {

    private final MutableClock clock = new MutableClock(T0);
    private final List<GuardEvent> events = new ArrayList<>();

    @Test
    void breakerOpensVetoesProbesAtMinimumAndCloses() {
        DecisionEngine e = Fixtures.engine(clock);
        e.addListener(events::add);
        JobDeclaration decl = Fixtures.resizable(Priority.HIGH, 20);
        for (int i = 0; i < 3; i++) {
            Decision d = e.decide(GuardRequest.of("train", decl, 1000), fresh());
            assertThat(d.action()).isEqualTo(Action.ALLOW);
            e.onJobFinished("train", d.reservationId(), false);
        }
        Decision vetoed = e.decide(GuardRequest.of("train", decl, 1000), fresh());
        assertThat(vetoed.action()).isEqualTo(Action.VETO);
        assertThat(vetoed.reasonCode()).isEqualTo(ReasonCode.BREAKER_OPEN);
        assertThat(vetoed.breakerState()).isEqualTo("OPEN");
        assertThat(vetoed.sentence()).endsWith("HIGH train vetoed: circuit breaker open");
        // other jobs are not affected
        assertThat(e.decide(GuardRequest.of("other", decl, 1000), fresh()).action()).isEqualTo(Action.ALLOW);

        clock.advance(Duration.ofMinutes(5));
        Decision probe = e.decide(GuardRequest.of("train", decl, 1000), fresh());
        assertThat(probe.action()).isEqualTo(Action.RESIZE);
        assertThat(probe.grantedSize()).isEqualTo(20);
        assertThat(probe.breakerState()).isEqualTo("HALF_OPEN");
        assertThat(probe.sentence()).endsWith("resized num_games 1000 -> 20 (half-open breaker probe)");
        Decision second = e.decide(GuardRequest.of("train", decl, 1000), fresh());
        assertThat(second.action()).isEqualTo(Action.VETO);

        e.onJobFinished("train", probe.reservationId(), true);
        assertThat(e.breakers().stateOf("train", clock.millis())).isEqualTo(BreakerState.CLOSED);
        assertThat(e.decide(GuardRequest.of("train", decl, 1000), fresh()).grantedSize()).isEqualTo(1000);
        assertThat(events).filteredOn(GuardEvent.BreakerStateChanged.class::isInstance)
                .extracting(ev -> ((GuardEvent.BreakerStateChanged) ev).to())
                .containsExactly(BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED);
    }

    @Test
    void failedProbeReopensForTwiceAsLong() {
        DecisionEngine e = Fixtures.engine(clock);
        JobDeclaration decl = Fixtures.job(Priority.HIGH);
        for (int i = 0; i < 3; i++) {
            e.onJobFinished("j", e.decide(GuardRequest.of("j", decl), fresh()).reservationId(), false);
        }
        clock.advance(Duration.ofMinutes(5));
        Decision probe = e.decide(GuardRequest.of("j", decl), fresh());
        assertThat(probe.admitted()).isTrue();
        e.onJobFinished("j", probe.reservationId(), false);
        clock.advance(Duration.ofMinutes(9));
        assertThat(e.decide(GuardRequest.of("j", decl), fresh()).reasonCode()).isEqualTo(ReasonCode.BREAKER_OPEN);
        clock.advance(Duration.ofMinutes(1));
        assertThat(e.decide(GuardRequest.of("j", decl), fresh()).admitted()).isTrue();
    }

    @Test
    void aProbeDeferredByTheLevelIsNotSpent() {
        DecisionEngine e = Fixtures.engine(clock);
        JobDeclaration decl = Fixtures.job(Priority.LOW);
        for (int i = 0; i < 3; i++) {
            e.onJobFinished("j", e.decide(GuardRequest.of("j", decl), fresh()).reservationId(), false);
        }
        clock.advance(Duration.ofMinutes(5));
        Snapshot busy = Fixtures.memory(clock.instant(), 70); // level 2: LOW deferred
        assertThat(e.decide(GuardRequest.of("j", decl), busy).action()).isEqualTo(Action.DEFER);
        clock.advance(Duration.ofMinutes(2)); // level falls after the dwell
        e.onSnapshot(Fixtures.memory(clock.instant().minusSeconds(61), 10));
        e.onSnapshot(Fixtures.memory(clock.instant(), 10));
        Decision probe = e.decide(GuardRequest.of("j", decl), fresh());
        assertThat(probe.admitted()).isTrue();
        assertThat(probe.breakerState()).isEqualTo("HALF_OPEN");
    }

    @Test
    void spawnRateDefersUntilTheNextTokenAndCriticalBypasses() {
        DecisionEngine e = new DecisionEngine(EngineSettings.DEFAULTS, BreakerSettings.DEFAULTS, SpawnRateSettings.DEFAULTS,
                clock);
        Snapshot s = fresh();
        for (int i = 0; i < 5; i++) {
            assertThat(e.decide(GuardRequest.of("j" + i, Fixtures.job(Priority.HIGH)), s).action())
                    .isEqualTo(Action.ALLOW);
        }
        Decision d = e.decide(GuardRequest.of("j5", Fixtures.needs(Priority.HIGH, 0, 1, 0, 0)), s);
        assertThat(d.action()).isEqualTo(Action.DEFER);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.SPAWN_RATE);
        assertThat(d.deferUntil()).isEqualTo(T0.plusSeconds(6));
        assertThat(d.sentence()).endsWith("HIGH j5 deferred 6 s: spawn rate limit (10/min, burst 5) reached");
        assertThat(e.reservationCount()).isZero(); // the reservation was rolled back
        assertThat(e.decide(GuardRequest.of("c", Fixtures.job(Priority.CRITICAL)), s).action()).isEqualTo(Action.ALLOW);
        clock.advance(Duration.ofSeconds(6));
        assertThat(e.decide(GuardRequest.of("j5", Fixtures.job(Priority.HIGH)), s).action()).isEqualTo(Action.ALLOW);
    }

    @Test
    void deferredAndVetoedFiresSpendNoToken() {
        DecisionEngine e = new DecisionEngine(EngineSettings.DEFAULTS, BreakerSettings.DEFAULTS, SpawnRateSettings.DEFAULTS,
                clock);
        Snapshot busy = Fixtures.memory(T0, 90);
        for (int i = 0; i < 20; i++) {
            assertThat(e.decide(GuardRequest.of("bg", Fixtures.job(Priority.BACKGROUND)), busy).admitted()).isFalse();
        }
        assertThat(e.spawnLimiter().available(clock.millis())).isEqualTo(5.0);
    }

    private Snapshot fresh() {
        return Fixtures.memory(clock.instant(), 10);
    }
}
