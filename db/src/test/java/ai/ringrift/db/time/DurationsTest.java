package ai.ringrift.db.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.db.audit.AuditFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsUnitsCombinationsDecimalsAndIso() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("30 m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("p2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void rejectsBareNumbersAndUnknownUnits() {
        for (String bad : List.of("30", "5 minutes", "1y", "", "PT", "-5s")) {
            assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be a duration such as 30s");
        }
        assertThatThrownBy(() -> Durations.parse("99999999999999d")).hasMessageContaining("duration is too long");
        assertThatThrownBy(() -> Durations.parse("--since", "soon"))
                .hasMessage("--since: must be a duration such as 30s, 5m, 1h, 2d, 1w, 500ms or PT30S (was 'soon')");
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
    void auditSinceAcceptsEveryConfigDurationToo() {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        assertThat(AuditFormat.parseSince("1h30m", now)).isEqualTo(Instant.parse("2026-03-10T10:30:00Z"));
        assertThat(AuditFormat.parseSince("PT30S", now)).isEqualTo(Instant.parse("2026-03-10T11:59:30Z"));
        assertThat(AuditFormat.parseSince("500ms", now)).isEqualTo(Instant.parse("2026-03-10T11:59:59.500Z"));
        assertThat(AuditFormat.parseSince("2w", now)).isEqualTo(Instant.parse("2026-02-24T12:00:00Z"));
    }
}
