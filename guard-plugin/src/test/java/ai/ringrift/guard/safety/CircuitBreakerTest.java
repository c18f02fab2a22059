package ai.ringrift.guard.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The breaker state machine on explicit times (milliseconds). */
class CircuitBreakerTest {

    private static final long MIN = 60_000;
    private final List<String> changes = new ArrayList<>();
    private final CircuitBreakerRegistry registry = new CircuitBreakerRegistry(BreakerSettings.DEFAULTS,
            (job, from, to, at) -> changes.add(job + ":" + from + "->" + to + "@" + at.toEpochMilli()));

    @Test
    void threeConsecutiveFailuresOpen() {
        registry.onFinished("j", 1, false, 0);
        registry.onFinished("j", 2, false, 0);
        assertThat(registry.stateOf("j", 0)).isEqualTo(BreakerState.CLOSED);
        registry.onFinished("j", 3, false, 1000);
        assertThat(registry.stateOf("j", 1000)).isEqualTo(BreakerState.OPEN);
        assertThat(registry.forJob("j").check(1000)).isEqualTo(CircuitBreaker.Permit.DENY);
        assertThat(changes).containsExactly("j:CLOSED->OPEN@1000");
    }

    @Test
    void aSuccessResetsTheConsecutiveCount() {
        for (int i = 0; i < 4; i++) {
            registry.onFinished("j", 0, false, 0);
            registry.onFinished("j", 0, false, 0);
            registry.onFinished("j", 0, true, 0);
        }
        // 8 failures of 12 runs, but never 3 in a row; window of 10 holds 7 failures: >= 50 % -> open
        assertThat(registry.stateOf("j", 0)).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void failureRateNeedsAFullWindow() {
        CircuitBreaker b = registry.forJob("j");
        // F S F S ... : never 2 in a row; 50 % once 10 runs are in
        for (int i = 0; i < 9; i++) {
            b.onFinished(0, i % 2 == 1, 0);
        }
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED); // 5 failures of 9 runs, window not full
        b.onFinished(0, true, 0);
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED); // a success never trips
        b.onFinished(0, false, 0); // window: 5 failures of 10
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void openHalfOpenProbeCloses() {
        CircuitBreaker b = tripped();
        assertThat(b.check(5 * MIN - 1)).isEqualTo(CircuitBreaker.Permit.DENY);
        assertThat(b.check(5 * MIN)).isEqualTo(CircuitBreaker.Permit.PROBE);
        assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(b.claimProbe(42, 5 * MIN)).isTrue();
        assertThat(b.check(5 * MIN)).isEqualTo(CircuitBreaker.Permit.DENY); // exactly one probe
        assertThat(b.claimProbe(43, 5 * MIN)).isFalse();
        b.onFinished(7, true, 5 * MIN + 1); // not the probe: ignored
        assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
        b.onFinished(42, true, 6 * MIN);
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(changes).containsExactly("j:CLOSED->OPEN@0", "j:OPEN->HALF_OPEN@300000",
                "j:HALF_OPEN->CLOSED@360000");
        // history was cleared: two failures do not re-open
        b.onFinished(0, false, 6 * MIN);
        b.onFinished(0, false, 6 * MIN);
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void failedProbesDoubleTheOpenTimeUpToOneHour() {
        CircuitBreaker b = tripped();
        long t = 0;
        long open = 5 * MIN;
        long[] expected = {10 * MIN, 20 * MIN, 40 * MIN, 60 * MIN, 60 * MIN};
        for (long next : expected) {
            t += open;
            assertThat(b.check(t - 1)).isEqualTo(CircuitBreaker.Permit.DENY);
            assertThat(b.check(t)).isEqualTo(CircuitBreaker.Permit.PROBE);
            assertThat(b.claimProbe(t, t)).isTrue();
            b.onFinished(t, false, t);
            assertThat(b.state()).isEqualTo(BreakerState.OPEN);
            assertThat(b.openUntil().toEpochMilli()).isEqualTo(t + next);
            open = next;
        }
        assertThat(b.trips()).isEqualTo(6);
    }

    @Test
    void releasedProbeCanBeClaimedAgain() {
        CircuitBreaker b = tripped();
        b.check(5 * MIN);
        assertThat(b.claimProbe(1, 5 * MIN)).isTrue();
        b.releaseProbe(1);
        assertThat(b.check(5 * MIN)).isEqualTo(CircuitBreaker.Permit.PROBE);
    }

    @Test
    void resetCloses() {
        CircuitBreaker b = tripped();
        registry.reset("j", 10);
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(registry.states()).containsEntry("j", BreakerState.CLOSED);
    }

    @Test
    void configIsValidatedByField() {
        BreakerListener none = (job, from, to, at) -> { };
        assertThatThrownBy(() -> new CircuitBreakerRegistry(new BreakerSettings(0, 50, 10, Duration.ofMinutes(5),
                Duration.ofHours(1)), none)).hasMessageContaining("breaker.consecutiveFailures");
        assertThatThrownBy(() -> new CircuitBreakerRegistry(new BreakerSettings(3, 150, 10, Duration.ofMinutes(5),
                Duration.ofHours(1)), none)).hasMessageContaining("breaker.failureRateThreshold");
        assertThatThrownBy(() -> new CircuitBreakerRegistry(new BreakerSettings(3, 50, 1001, Duration.ofMinutes(5),
                Duration.ofHours(1)), none)).hasMessageContaining("breaker.window: must be between 1 and 1000");
        assertThatThrownBy(() -> new CircuitBreakerRegistry(new BreakerSettings(3, 50, 10, Duration.ZERO,
                Duration.ofHours(1)), none)).hasMessageContaining("breaker.openDuration");
        assertThatThrownBy(() -> new CircuitBreakerRegistry(new BreakerSettings(3, 50, 10, Duration.ofMinutes(5),
                Duration.ofMinutes(1)), none)).hasMessageContaining("breaker.maxOpenDuration");
    }

    private CircuitBreaker tripped() {
        CircuitBreaker b = registry.forJob("j");
        for (int i = 0; i < 3; i++) {
            b.onFinished(0, false, 0);
        }
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
        return b;
    }
}
