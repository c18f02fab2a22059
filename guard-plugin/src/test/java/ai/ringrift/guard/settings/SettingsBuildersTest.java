package ai.ringrift.guard.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.policy.LevelSettings;
import ai.ringrift.guard.policy.PolicySettings;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Builders start from the defaults and refuse, with every problem at once, what the YAML check reports. */
class SettingsBuildersTest {

    @Test
    void buildersStartFromTheDefaults() {
        assertThat(BreakerSettings.builder().build()).isEqualTo(BreakerSettings.DEFAULTS);
        assertThat(SpawnRateSettings.builder().build()).isEqualTo(SpawnRateSettings.DEFAULTS);
        assertThat(DeferralSettings.builder().build()).isEqualTo(DeferralSettings.DEFAULTS);
        assertThat(LevelSettings.builder().build()).isEqualTo(LevelSettings.DEFAULTS);
        assertThat(PolicySettings.builder().build()).isEqualTo(PolicySettings.DEFAULTS);
        assertThat(BreakerSettings.builder().window(20).failureRateThreshold(40).build())
                .isEqualTo(new BreakerSettings(3, 40, 20, Duration.ofMinutes(5), Duration.ofHours(1)));
    }

    @Test
    void buildRefusesWithEveryProblemAndItsPath() {
        assertThatThrownBy(() -> DeferralSettings.builder().jitter(1).maxDeferrals(0).build())
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.errors()).containsExactly(
                        "deferral.jitter: must be at least 0 and below 1, a fraction of the delay (was 1): a jitter"
                                + " of 1 could bring a deferred fire back at once",
                        "deferral.maxDeferrals: must be at least 1 (was 0)"));
        assertThatThrownBy(() -> BreakerSettings.builder().window(5000).build())
                .hasMessage("breaker.window: must be between 1 and 1000 (was 5000)");
        assertThatThrownBy(() -> LevelSettings.builder().margin(0.8).build()).hasMessageContaining("levels.margin");
        assertThatThrownBy(() -> PolicySettings.builder().resize(0.25, 0.5).build())
                .hasMessageContaining("policy.resize.level3");
        assertThatThrownBy(() -> SpawnRateSettings.builder().perMinute(0).build())
                .hasMessage("spawnRate.perMinute: must be a number above 0 (was 0)");
    }
}
