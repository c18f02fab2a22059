package ai.ringrift.guard.runtime;

import ai.ringrift.db.DatabaseHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A value read from the database on a background thread, so that request threads
 * ({@code /metrics}, {@code /api/status}) never wait on the database: they take the last reading,
 * which says when it was read, or that the value is unknown while the database does not answer.
 * Failures go to the shared {@link DatabaseHealth}, which logs an outage once.
 */
final class Refreshed<T> implements AutoCloseable {

    /** How often the value is read again. */
    static final Duration EVERY = Duration.ofSeconds(2);

    /** Reads the value; throws when the database does not answer. */
    @FunctionalInterface
    interface Read<T> {
        T read() throws Exception;
    }

    /**
     * The last reading.
     *
     * @param value   the value, null while unknown
     * @param readAt  when the value was last read successfully (null: never)
     * @param unknown why the value is unknown now ({@link DatabaseHealth#UNREACHABLE}), null when known
     */
    record Reading<T>(T value, Instant readAt, String unknown) {
        boolean known() {
            return unknown == null;
        }
    }

    private final String what;
    private final Read<T> read;
    private final DatabaseHealth health;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private volatile Reading<T> current = new Reading<>(null, null, "unknown: not read yet");

    Refreshed(String what, Read<T> read, DatabaseHealth health, Clock clock, Duration every) {
        this.what = Objects.requireNonNull(what, "what");
        this.read = Objects.requireNonNull(read, "read");
        this.health = Objects.requireNonNull(health, "health");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringrift-db-refresh");
            t.setDaemon(true);
            return t;
        });
        refresh(); // a value before start() returns
        thread.scheduleWithFixedDelay(this::refresh, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    Reading<T> current() {
        return current;
    }

    private void refresh() {
        try {
            T value = read.read();
            current = new Reading<>(value, clock.instant(), null);
            health.succeeded();
        } catch (Exception e) {
            String why;
            if (DatabaseHealth.isOutage(e)) {
                health.failed(what, e);
                why = DatabaseHealth.UNREACHABLE;
            } else {
                why = "unknown: cannot read " + what + ": " + oneLine(e);
            }
            current = new Reading<>(null, current.readAt(), why);
        } catch (Error e) {
            current = new Reading<>(null, current.readAt(), "unknown: " + e);
            throw e;
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 200 ? m.substring(0, 197) + "..." : m;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
