package ai.ringrift.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database answered the last time anyone asked, shared by everything that uses one
 * database (the audit log, the status and metrics refresher), so that an outage is logged once
 * when it starts and once when it ends, with how long it lasted and how many attempts failed,
 * never once per attempt. The failures' stack traces go to DEBUG.
 */
public final class DatabaseHealth {

    /** What status says for a value that needs the database while it does not answer. */
    public static final String UNREACHABLE = "unknown: database unreachable";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealth.class);

    private final String name;
    private final Clock clock;
    private boolean down;
    private Instant since;
    private long failures;
    private String cause;

    public DatabaseHealth(String name, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A health for {@code name} on the system clock. */
    public static DatabaseHealth of(String name) {
        return new DatabaseHealth(name, Clock.systemUTC());
    }

    /** An attempt by {@code who} failed; the first failure of an outage logs one WARN line. */
    public void failed(String who, Throwable e) {
        LOG.debug("{}: {} could not use the database", name, who, e);
        synchronized (this) {
            failures++;
            if (down) {
                return;
            }
            down = true;
            since = clock.instant();
            cause = rootMessage(e);
        }
        LOG.warn("{}: database unreachable ({}), noticed by {}; values that need it are reported as unknown "
                + "until it answers", name, cause, who);
    }

    /** An attempt succeeded; the first success after an outage logs one INFO line with its length and count. */
    public void succeeded() {
        Duration lasted;
        long failed;
        synchronized (this) {
            if (!down) {
                return;
            }
            down = false;
            lasted = Duration.between(since, clock.instant());
            failed = failures;
            failures = 0;
        }
        LOG.info("{}: database reachable again after {} s ({} failed attempts during the outage)", name,
                Math.max(0, lasted.toSeconds()), failed);
    }

    /** True from the first failure of an outage to the next success. */
    public synchronized boolean unreachable() {
        return down;
    }

    /** Failed attempts in the current outage (0 when the database answers). */
    public synchronized long failuresInOutage() {
        return down ? failures : 0;
    }

    /** The root cause of the current outage, or null. */
    public synchronized String cause() {
        return down ? cause : null;
    }

    /**
     * Whether {@code e} says the database cannot be reached (a connection failure or a pool
     * timeout: SQL state class 08 or a connection exception), as opposed to a failing statement.
     */
    public static boolean isOutage(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 20 && t.getCause() != null && t.getCause() != t; i++) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = DatabaseSettings.mask(m).replaceAll("\\s+", " ").trim();
        return m.length() > 200 ? m.substring(0, 197) + "..." : m;
    }
}
