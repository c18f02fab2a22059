package ai.ringrift.guard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesShortFormsCombinationsAndIso() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("p2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void rejectsBareNumbersAndUnknownUnits() {
        for (String bad : List.of("30", "5 minutes", "1w", "", "PT", "-5s")) {
            assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be a duration such as 30s");
        }
    }

    @Test
    void formatsToTheShortestFormThatParsesBack() {
        for (Duration d : List.of(Duration.ZERO, Duration.ofMillis(5), Duration.ofSeconds(90), Duration.ofMinutes(15),
                Duration.ofHours(1), Duration.ofDays(2), Duration.ofNanos(1500))) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
        assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }

    @Test
    void suggestsTheNearestKey() {
        List<String> keys = List.of("max", "warn", "minFreeGb");
        assertThat(KeySuggester.nearest("wran", keys)).contains("warn");
        assertThat(KeySuggester.nearest("minfreegb", keys)).contains("minFreeGb");
        assertThat(KeySuggester.nearest("colour", keys)).isEmpty();
        assertThat(KeySuggester.distance("kitten", "sitting")).isEqualTo(3);
    }
}
