package ai.ringrift.scheduler.model;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import org.quartz.CronExpression;

/**
 * When a job runs: a Quartz cron expression, a fixed interval, or once at an instant. Values are
 * validated on creation, with messages naming the bad value and the accepted form.
 *
 * <p>{@link #spec()} gives a compact form ({@code cron:0 0 * * * ?}, {@code every:PT10S},
 * {@code once:2030-01-01T00:00:00Z}) that {@link #parse(String)} reads back; {@link #toString()} is
 * for people.
 */
public sealed interface Schedule permits Schedule.Cron, Schedule.Interval, Schedule.Once {

    /** The longest interval accepted (Quartz counts in milliseconds; ten years is plenty). */
    Duration MAX_INTERVAL = Duration.ofDays(3650);

    /** Runs on a Quartz cron expression (6 or 7 fields, seconds first), in the JVM's time zone. */
    static Schedule cron(String expression) {
        return new Cron(expression);
    }

    /** Runs now and then every {@code every}. */
    static Schedule interval(Duration every) {
        return new Interval(every);
    }

    /** Runs once at {@code at} (a past instant runs as soon as the scheduler can). */
    static Schedule once(Instant at) {
        return new Once(at);
    }

    /**
     * Runs once, as soon as it is first registered. Registering it again (every start of the daemon)
     * does not run it again: its {@link #definition()} has no time in it.
     */
    static Schedule once() {
        return new Once(Instant.now().truncatedTo(ChronoUnit.MILLIS), true);
    }

    /** The compact form {@link #parse(String)} reads back. */
    String spec();

    /**
     * What makes two registrations of a job the same schedule: the {@link #spec()}, except that
     * {@link #once()} ("as soon as registered") is {@code once:asap} whatever the time it was built.
     */
    default String definition() {
        return spec();
    }

    /**
     * Reads the form written by {@link #spec()}: {@code cron:EXPR}, {@code every:ISO-8601 DURATION}
     * or {@code once:ISO-8601 INSTANT}.
     */
    static Schedule parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("schedule is missing: use cron:EXPR, every:PT10M or once:2030-01-01T00:00:00Z");
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        String value = colon < 0 ? "" : s.substring(colon + 1).trim();
        try {
            return switch (kind) {
                case "cron" -> cron(value);
                case "every" -> interval(Duration.parse(value));
                case "once" -> once(Instant.parse(value));
                default -> throw new IllegalArgumentException("unknown schedule '" + spec
                        + "': use cron:EXPR, every:PT10M or once:2030-01-01T00:00:00Z");
            };
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad schedule '" + spec + "': " + e.getMessage()
                    + " (durations look like PT10M, instants like 2030-01-01T00:00:00Z)", e);
        }
    }

    /**
     * A Quartz cron schedule.
     *
     * @param expression Quartz cron expression, e.g. {@code 0 0/15 * * * ?}
     */
    record Cron(String expression) implements Schedule {
        public Cron {
            if (expression == null || expression.isBlank()) {
                throw new IllegalArgumentException("cron expression is empty: Quartz cron has 6 or 7 fields, "
                        + "e.g. '0 0/15 * * * ?' (second minute hour day-of-month month day-of-week [year])");
            }
            expression = expression.trim().replaceAll("\\s+", " ");
            CronExpression parsed;
            try {
                parsed = new CronExpression(expression);
            } catch (ParseException e) {
                throw new IllegalArgumentException("bad cron expression '" + expression + "': " + e.getMessage()
                        + " (Quartz cron has 6 or 7 fields: second minute hour day-of-month month day-of-week [year],"
                        + " with '?' in one of the two day fields)", e);
            }
            if (parsed.getNextValidTimeAfter(new Date()) == null) {
                throw new IllegalArgumentException("cron expression '" + expression + "' never fires after now");
            }
        }

        @Override
        public String spec() {
            return "cron:" + expression;
        }

        @Override
        public String toString() {
            return "cron " + expression;
        }
    }

    /**
     * A fixed interval, first run at registration.
     *
     * @param every time between runs, 1 ms to {@link #MAX_INTERVAL}
     */
    record Interval(Duration every) implements Schedule {
        public Interval {
            Objects.requireNonNull(every, "interval is missing: give a Duration such as Duration.ofMinutes(10)");
            if (every.isNegative() || every.isZero() || every.compareTo(MAX_INTERVAL) > 0 || every.toMillis() < 1) {
                throw new IllegalArgumentException("interval must be between 1 ms and " + MAX_INTERVAL.toDays()
                        + " days, was " + every);
            }
        }

        @Override
        public String spec() {
            return "every:" + every;
        }

        @Override
        public String toString() {
            return "every " + every.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A single run.
     *
     * @param at   when to run
     * @param asap whether it was asked for "as soon as registered" ({@link Schedule#once()}) rather than at a time
     */
    record Once(Instant at, boolean asap) implements Schedule {
        public Once {
            Objects.requireNonNull(at, "one-shot time is missing: give an Instant, or use Schedule.once() for now");
        }

        /** A single run at {@code at}. */
        public Once(Instant at) {
            this(at, false);
        }

        @Override
        public String spec() {
            return "once:" + at;
        }

        @Override
        public String definition() {
            return asap ? "once:asap" : spec();
        }

        @Override
        public String toString() {
            return "once at " + at;
        }
    }
}
