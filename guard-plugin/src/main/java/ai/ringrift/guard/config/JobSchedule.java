package ai.ringrift.guard.config;

import java.time.Duration;

/** When a configured job fires: a Quartz cron expression, a fixed interval, or once at start. */
public sealed interface JobSchedule {

    /** A Quartz cron expression (seconds first: {@code 0 0/5 * * * ?}). */
    record Cron(String expression) implements JobSchedule {
    }

    /** Every {@code interval}, first fire at start. */
    record Every(Duration interval) implements JobSchedule {
    }

    /** Once, when the scheduler starts. */
    record Once() implements JobSchedule {
    }
}
