package ai.ringrift.guard.policy;

import static ai.ringrift.guard.policy.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An admitted fire that never runs (another trigger listener vetoed it, or it was lost between the
 * decision and the job) gives back what it took: its spawn token and its half-open probe, so the
 * breaker is not stuck half-open until a restart.
 */
class AbandonedFireTest {

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void aVetoedFireGivesItsSpawnTokenBack() {
        DecisionEngine e = new DecisionEngine(EngineSettings.DEFAULTS, BreakerSettings.DEFAULTS,
                new SpawnRateSettings(1, 1, true), clock);
        JobDeclaration decl = Fixtures.job(Priority.NORMAL);
        Decision first = e.decide(GuardRequest.of("selfplay", decl), fresh());
        assertThat(first.action()).isEqualTo(Action.ALLOW);
        e.abandon("selfplay", first.reservationId()); // e.g. a maintenance-window listener vetoed it
        Decision second = e.decide(GuardRequest.of("selfplay", decl), fresh());
        assertThat(second.action()).as("the token came back").isEqualTo(Action.ALLOW);
        e.onJobStarted(second.reservationId());
        e.abandon("selfplay", second.reservationId()); // a started run spent its token
        assertThat(e.decide(GuardRequest.of("selfplay", decl), fresh()).reasonCode())
                .isEqualTo(ReasonCode.SPAWN_RATE);
    }

    @Test
    void aProbeVetoedElsewhereIsGivenBackAndTheNextFireProbes() {
        DecisionEngine e = Fixtures.engine(clock);
        JobDeclaration decl = Fixtures.job(Priority.HIGH);
        openBreaker(e, decl);
        clock.advance(BreakerSettings.DEFAULTS.openDuration());
        Decision probe = e.decide(GuardRequest.of("train", decl), fresh());
        assertThat(probe.sentence()).contains("half-open breaker probe");
        e.abandon("train", probe.reservationId());
        Decision next = e.decide(GuardRequest.of("train", decl), fresh());
        assertThat(next.action()).isEqualTo(Action.ALLOW);
        assertThat(next.sentence()).contains("half-open breaker probe");
    }

    @Test
    void aProbeThatNeverStartsIsGivenBackAfterTheOpenTimeButARunningOneIsNot() {
        DecisionEngine e = Fixtures.engine(clock);
        JobDeclaration decl = Fixtures.job(Priority.HIGH);
        Duration open = BreakerSettings.DEFAULTS.openDuration();
        openBreaker(e, decl);
        clock.advance(open);
        Decision lost = e.decide(GuardRequest.of("train", decl), fresh()); // never reports back
        assertThat(lost.action()).isEqualTo(Action.ALLOW);
        clock.advance(open.minusMillis(1));
        assertThat(e.decide(GuardRequest.of("train", decl), fresh()).reasonCode())
                .isEqualTo(ReasonCode.BREAKER_OPEN);
        clock.advance(Duration.ofMillis(1));
        Decision probe = e.decide(GuardRequest.of("train", decl), fresh());
        assertThat(probe.action()).as("the lost probe was given back").isEqualTo(Action.ALLOW);
        e.onJobStarted(probe.reservationId()); // this one runs, for longer than the open time
        clock.advance(open.multipliedBy(3));
        assertThat(e.decide(GuardRequest.of("train", decl), fresh()).reasonCode())
                .isEqualTo(ReasonCode.BREAKER_OPEN);
        e.onJobFinished("train", probe.reservationId(), true);
        assertThat(e.decide(GuardRequest.of("train", decl), fresh()).action()).isEqualTo(Action.ALLOW);
    }

    private void openBreaker(DecisionEngine e, JobDeclaration decl) {
        for (int i = 0; i < BreakerSettings.DEFAULTS.consecutiveFailures(); i++) {
            Decision d = e.decide(GuardRequest.of("train", decl), fresh());
            e.onJobFinished("train", d.reservationId(), false);
        }
        assertThat(e.decide(GuardRequest.of("train", decl), fresh()).reasonCode())
                .isEqualTo(ReasonCode.BREAKER_OPEN);
    }

    private Snapshot fresh() {
        return Fixtures.memory(clock.instant(), 10);
    }
}
