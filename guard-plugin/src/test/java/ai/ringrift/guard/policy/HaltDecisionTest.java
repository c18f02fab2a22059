package ai.ringrift.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.scheduler.model.Priority;
import org.junit.jupiter.api.Test;

/**
 * The emergency halt in the engine: below its bar a fire is DEFERred with reason HALT before
 * anything is taken (no reservation), at or above it the rules decide as usual; an operator's
 * halt holds in shadow mode too.
 */
class HaltDecisionTest {

    static final HaltState HALTED = new HaltState(true, "halted fleet-wide by alice@ops since 2025-01-01T00:00:00Z: "
            + "bad model", Priority.CRITICAL);

    @Test
    void belowTheBarFiresAreDeferredWithReasonHaltAndCriticalRuns() {
        MutableClock clock = new MutableClock(Fixtures.T0);
        DecisionEngine engine = Fixtures.engine(clock);
        engine.onSnapshot(Fixtures.memory(Fixtures.T0, 10));
        engine.halt(HALTED);
        for (Priority p : new Priority[] {Priority.BACKGROUND, Priority.LOW, Priority.NORMAL, Priority.HIGH}) {
            Decision d = engine.decide(GuardRequest.of("job-" + p, Fixtures.needs(p, 1, 1, 0, 0)), null);
            assertThat(d.action()).as(p.name()).isEqualTo(Action.DEFER);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.HALT);
            assertThat(d.sentence()).startsWith(HALTED.sentence()).contains("deferred")
                    .contains("fires below CRITICAL wait for `ringrift resume`");
        }
        assertThat(engine.reservationCount()).as("a halted fire takes no reservation").isZero();
        Decision critical = engine.decide(GuardRequest.of("health", Fixtures.job(Priority.CRITICAL)), null);
        assertThat(critical.action()).isEqualTo(Action.ALLOW);
        assertThat(critical.reasonCode()).isEqualTo(ReasonCode.LEVEL);

        engine.halt(HaltState.NONE);
        assertThat(engine.decide(GuardRequest.of("n", Fixtures.job(Priority.NORMAL)), null).action())
                .as("resumed").isEqualTo(Action.ALLOW);
    }

    @Test
    void theBarIsConfigurableAndShadowModeDoesNotLiftAHalt() {
        MutableClock clock = new MutableClock(Fixtures.T0);
        EngineSettings shadow = EngineSettings.DEFAULTS.withShadow(true);
        DecisionEngine engine = Fixtures.engine(shadow, clock);
        engine.onSnapshot(Fixtures.memory(Fixtures.T0, 10));
        engine.halt(new HaltState(true, "halted (n1) by bob since then: disk swap", Priority.HIGH));
        assertThat(engine.decide(GuardRequest.of("h", Fixtures.job(Priority.HIGH)), null).reasonCode())
                .as("HIGH runs when the bar is HIGH").isEqualTo(ReasonCode.SHADOW);
        Decision normal = engine.decide(GuardRequest.of("n", Fixtures.job(Priority.NORMAL)), null);
        assertThat(normal.action()).isEqualTo(Action.DEFER);
        assertThat(normal.reasonCode()).isEqualTo(ReasonCode.HALT);
        assertThat(normal.shadow()).isFalse();
    }
}
