package ai.ringrift.guard.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingSettingsTest {

    @Test
    void defaults() {
        SamplingSettings s = SamplingSettings.defaults();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.staleAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.gpu()).isEqualTo(GpuMode.AUTO);
        assertThat(s.dataDir()).isEqualTo(Path.of("data"));
        assertThat(s.diskPaths()).containsExactly(Path.of("data").toAbsolutePath(), Path.of("").toAbsolutePath());
    }

    @Test
    void staleAfterFollowsTheInterval() {
        assertThat(SamplingSettings.defaults().withInterval(Duration.ofSeconds(5)).staleAfter())
                .isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void refusesIntervalsBelowOneSecond() {
        assertThatThrownBy(() -> new Sampler(SamplingSettings.defaults().withInterval(Duration.ofMillis(500)),
                List.of(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sampling.interval: must be at least 1s (was 500ms)")
                .hasMessageContaining("300 ms");
    }

    @Test
    void refusesStaleAfterBelowInterval() {
        assertThatThrownBy(() -> new Sampler(new SamplingSettings(Duration.ofSeconds(2), Duration.ofSeconds(1), null,
                null, null), List.of(), Clock.systemUTC()))
                .hasMessageContaining("sampling.staleAfter: must be at least sampling.interval (2s), or every snapshot"
                        + " counts as stale (was 1s)");
    }

    @Test
    void keepsGivenPathsAndParsesGpuMode() {
        SamplingSettings s = SamplingSettings.defaults().withDiskPaths(List.of(Path.of("/tmp"))).withGpu(GpuMode.parse(" off "));
        assertThat(s.diskPaths()).containsExactly(Path.of("/tmp"));
        assertThat(s.gpu()).isEqualTo(GpuMode.OFF);
        assertThatThrownBy(() -> GpuMode.parse("maybe")).hasMessageContaining("sampling.gpu must be one of auto, on, off");
    }
}
