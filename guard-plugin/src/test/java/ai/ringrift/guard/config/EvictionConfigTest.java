package ai.ringrift.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.eviction.EvictionSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code eviction} section: defaults, binding, the written form and its rules with path and line. */
class EvictionConfigTest {

    @Test
    void defaultsAreOnTwoSamplingIntervalsAndThirtySecondsOfGrace() {
        EvictionSettings d = GuardConfig.defaults().eviction();
        assertThat(d.enabled()).isTrue();
        assertThat(d.interval()).isNull();
        assertThat(d.intervalFor(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(6));
        assertThat(d.gracePeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void bindsEveryKeyAndWritesItBack() {
        GuardConfig c = ConfigLoaderTest.load("eviction:\n  enabled: false\n  interval: 5s\n  gracePeriod: 2m\n");
        assertThat(c.eviction()).isEqualTo(new EvictionSettings(false, Duration.ofSeconds(5), Duration.ofMinutes(2)));
        assertThat(ConfigLoaderTest.load(c.toYaml())).isEqualTo(c);
        assertThat(c.configHash()).isNotEqualTo(GuardConfig.defaults().configHash());
    }

    @Test
    void aTooShortIntervalAndANegativeGraceAreErrorsWithPathAndLine() {
        LoadResult r = ConfigLoaderTest.loader(Map.of())
                .loadText("eviction:\n  interval: 100ms\n  gracePeriod: -1s\n", "e.yaml");
        assertThat(r.errors()).extracting(Object::toString).anySatisfy(e -> assertThat(e)
                .startsWith("e.yaml:2: eviction.interval: must be at least 1s"));
        assertThat(r.errors()).extracting(Object::toString).anySatisfy(e -> assertThat(e)
                .startsWith("e.yaml:3: eviction.gracePeriod"));
    }
}
