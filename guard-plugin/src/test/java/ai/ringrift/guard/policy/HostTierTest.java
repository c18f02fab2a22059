package ai.ringrift.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HostTierTest {

    @ParameterizedTest
    @CsvSource({
        "512, true, HIGH_END, 65", "96, true, HIGH_END, 65", "95.99, true, MID_TIER, 60",
        "64, true, MID_TIER, 60", "80, true, MID_TIER, 60", "32, true, MID_TIER, 60",
        "31.9, true, LOW_TIER, 55", "16, true, LOW_TIER, 55", "8, true, LOW_TIER, 55",
        "512, false, CPU_ONLY, 50", "16, false, CPU_ONLY, 50", "4, false, CPU_ONLY, 50"})
    void boundaries(double ramGb, boolean gpu, HostTier expected, double target) {
        HostTier t = HostTier.detect(ramGb, gpu);
        assertThat(t).isEqualTo(expected);
        assertThat(t.targetPercent()).isEqualTo(target);
    }

    @Test
    void fromBytesCountsGiB() {
        assertThat(HostTier.detectFromBytes(96L << 30, true)).isEqualTo(HostTier.HIGH_END);
        assertThat(HostTier.detectFromBytes((96L << 30) - 1, true)).isEqualTo(HostTier.MID_TIER);
        assertThatThrownBy(() -> HostTier.detect(-1, true)).hasMessageContaining("ramGb must be a number >= 0");
    }
}
