package ai.ringrift.guard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BreakerStateValueTest {

    @Test
    void mapsStateNamesToTheAlertedNumbers() {
        assertThat(BreakerStateValue.of("CLOSED")).isEqualTo(0.0);
        assertThat(BreakerStateValue.of("half-open")).isEqualTo(1.0);
        assertThat(BreakerStateValue.of("HALF_OPEN")).isEqualTo(1.0);
        assertThat(BreakerStateValue.of(" Open ")).isEqualTo(2.0);
        assertThat(BreakerStateValue.of("AJAR")).isNaN();
        assertThat(BreakerStateValue.of(null)).isNaN();
    }
}
