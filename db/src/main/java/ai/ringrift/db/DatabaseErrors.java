package ai.ringrift.db;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns driver, pool and Flyway exceptions into one line a person can act on:
 * {@code cannot use database URL: CAUSE (DETAIL); WHAT TO DO}. The URL has its password masked,
 * the detail is the driver's own message (first sentence, masked, no stack trace).
 */
final class DatabaseErrors {

    /** What went wrong, in words, and what to do about it. */
    enum Problem {
        UNKNOWN_SCHEME("unknown URL scheme",
                "use jdbc:h2:file:PATH;AUTO_SERVER=TRUE (embedded, the default) or jdbc:postgresql://HOST:PORT/DATABASE"),
        WRONG_CREDENTIALS("wrong credentials",
                "check database.user and database.password (or --db-user and RINGRIFT_DB_PASSWORD); on PostgreSQL the role must exist"),
        NO_SUCH_DATABASE("the database does not exist",
                "create it (e.g. createdb NAME) or fix the database name in the URL"),
        UNREACHABLE("database unreachable",
                "start the database server, or fix the host and port in the URL"),
        FILE_LOCKED("the H2 file is locked by another process",
                "add ;AUTO_SERVER=TRUE to the URL so processes can share it, or stop the other process"),
        NO_DRIVER("the JDBC driver is missing",
                "add the driver to the application (runtime scope): com.h2database:h2 for jdbc:h2, "
                        + "org.postgresql:postgresql for jdbc:postgresql"),
        NEWER_SCHEMA("the database was migrated by a newer ringrift-scheduler",
                "upgrade this node to that newer release, or point it at another database"),
        OTHER("database error", "run with --debug for the full stack trace");

        final String cause;
        final String advice;

        Problem(String cause, String advice) {
            this.cause = cause;
            this.advice = advice;
        }
    }

    private static final int MAX_DETAIL = 240;

    private DatabaseErrors() {
    }

    static DatabaseException explain(DatabaseSettings settings, Throwable e) {
        if (e instanceof DatabaseException de) {
            return de;
        }
        return problem(settings, classify(e), detail(settings, e), e);
    }

    static DatabaseException problem(DatabaseSettings settings, Problem problem, String detail, Throwable cause) {
        String d = detail == null || detail.isBlank() ? "" : " (" + detail + ")";
        String message = "cannot use database " + settings.maskedUrl() + ": " + problem.cause + d + "; " + problem.advice;
        return cause == null ? new DatabaseException(message) : new DatabaseException(message, cause);
    }

    static Problem classify(Throwable e) {
        String all = chain(e).toLowerCase(Locale.ROOT);
        if (all.contains("no suitable driver") || all.contains("failed to get driver instance")
                || all.contains("driver claims to not accept jdbcurl")) {
            return Problem.UNKNOWN_SCHEME;
        }
        if (all.contains("password authentication failed") || all.contains("wrong user name or password")
                || all.contains("authentication failed") || all.contains("[28p01]") || all.contains("[28000]")
                || all.contains("role \"") && all.contains("does not exist")) {
            return Problem.WRONG_CREDENTIALS;
        }
        if (all.contains("[3d000]") || all.contains("database \"") && all.contains("does not exist")) {
            return Problem.NO_SUCH_DATABASE;
        }
        if (all.contains("connection refused") || all.contains("connection attempt failed")
                || all.contains("unknownhostexception") || all.contains("connect timed out")
                || all.contains("noroutetohost") || all.contains("connection to") && all.contains("refused")) {
            return Problem.UNREACHABLE;
        }
        if (all.contains("locked by another process") || all.contains("database may be already in use")) {
            return Problem.FILE_LOCKED;
        }
        return Problem.OTHER;
    }

    /** All messages and SQL states of the cause chain, for classification. */
    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
            if (t instanceof SQLException s && s.getSQLState() != null) {
                sb.append('[').append(s.getSQLState()).append("] | ");
            }
        }
        return sb.toString();
    }

    /**
     * The most telling message of the chain: the deepest {@link SQLException}'s (the driver speaks
     * there), else the root cause's; one line, password masked, at most {@value #MAX_DETAIL} characters.
     */
    static String detail(DatabaseSettings settings, Throwable e) {
        Throwable best = null;
        Throwable root = e;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLException && t.getMessage() != null) {
                best = t;
            }
            root = t;
        }
        if (best == null) {
            best = root.getMessage() != null ? root : e;
        }
        String m = best.getMessage();
        if (m == null) {
            return best.getClass().getSimpleName();
        }
        return oneLine(settings, m);
    }

    static String oneLine(DatabaseSettings settings, String message) {
        String m = message;
        if (!settings.url().isEmpty()) {
            m = m.replace(settings.url(), settings.maskedUrl());
        }
        if (!settings.password().isEmpty()) {
            m = m.replace(settings.password(), "****");
        }
        m = DatabaseSettings.mask(m).replaceAll("\\s+", " ").trim();
        // the PostgreSQL driver appends a long hint after the first sentence: keep the sentence
        int cut = m.indexOf(". ");
        if (cut > 0 && cut < m.length() - 2) {
            m = m.substring(0, cut);
        }
        return m.length() > MAX_DETAIL ? m.substring(0, MAX_DETAIL - 3) + "..." : m;
    }
}
