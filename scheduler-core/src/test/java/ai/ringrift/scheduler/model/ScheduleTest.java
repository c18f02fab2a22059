package ai.ringrift.scheduler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void badCronGivesQuartzsParseMessageNamingTheExpression() {
        assertThatThrownBy(() -> Schedule.cron("0 0 25 * * ?"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad cron expression '0 0 25 * * ?': Hour values must be between 0 and 23")
                .hasMessageContaining("6 or 7 fields: second minute hour day-of-month month day-of-week [year]");
        assertThatThrownBy(() -> Schedule.cron("every day"))
                .hasMessageStartingWith("bad cron expression 'every day': ");
        assertThatThrownBy(() -> Schedule.cron(" "))
                .hasMessageStartingWith("cron expression is empty");
        assertThatThrownBy(() -> Schedule.cron("0 0 0 1 1 ? 2001"))
                .hasMessage("cron expression '0 0 0 1 1 ? 2001' never fires after now");
    }

    @Test
    void intervalMustBePositiveAndBounded() {
        assertThatThrownBy(() -> Schedule.interval(Duration.ZERO))
                .hasMessage("interval must be between 1 ms and 3650 days, was PT0S");
        assertThatThrownBy(() -> Schedule.interval(Duration.ofSeconds(-5)))
                .hasMessage("interval must be between 1 ms and 3650 days, was PT-5S");
        assertThatThrownBy(() -> Schedule.interval(Duration.ofDays(4000)))
                .hasMessageStartingWith("interval must be between 1 ms and 3650 days");
        assertThatThrownBy(() -> Schedule.interval(null)).hasMessageStartingWith("interval is missing");
    }

    @Test
    void specFormRoundTripsAndToStringIsForPeople() {
        Instant at = Instant.parse("2030-01-02T03:04:05Z");
        for (Schedule s : new Schedule[] {Schedule.cron("0  0/15 * * * ?"), Schedule.interval(Duration.ofMinutes(90)),
                Schedule.once(at)}) {
            assertThat(Schedule.parse(s.spec())).isEqualTo(s);
        }
        assertThat(Schedule.cron("0  0/15 * * * ?").spec()).isEqualTo("cron:0 0/15 * * * ?");
        assertThat(Schedule.interval(Duration.ofMinutes(90))).hasToString("every 1h30m");
        assertThat(Schedule.once(at)).hasToString("once at 2030-01-02T03:04:05Z");
        assertThatThrownBy(() -> Schedule.parse("hourly"))
                .hasMessage("unknown schedule 'hourly': use cron:EXPR, every:PT10M or once:2030-01-01T00:00:00Z");
        assertThatThrownBy(() -> Schedule.parse("every:10m")).hasMessageStartingWith("bad schedule 'every:10m': ");
    }
}
