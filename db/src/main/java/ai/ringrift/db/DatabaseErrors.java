package ai.ringrift.db;

import java.sql.SQLException;
import java.util.Locale;

/** Turns driver, pool and Flyway exceptions into one line a person can act on. */
final class DatabaseErrors {

    private DatabaseErrors() {
    }

    static DatabaseException explain(DatabaseSettings settings, Throwable e) {
        if (e instanceof DatabaseException de) {
            return de;
        }
        String url = settings.maskedUrl();
        String all = chain(e).toLowerCase(Locale.ROOT);
        String advice;
        if (all.contains("no suitable driver") || all.contains("failed to get driver instance")
                || all.contains("driver claims to not accept jdbcurl")) {
            advice = "unknown URL scheme: use jdbc:h2:file:PATH (embedded) or jdbc:postgresql://HOST:PORT/DB";
        } else if (all.contains("password authentication failed") || all.contains("wrong user name or password")
                || all.contains("authentication failed") || all.contains("28p01") || all.contains("28000")) {
            advice = "wrong credentials: check database.user and database.password (or --db-user/--db-password)";
        } else if (all.contains("connection refused") || all.contains("connection attempt failed")
                || all.contains("unknownhost") || all.contains("connect timed out")
                || all.contains("connection to") && all.contains("refused")) {
            advice = "database unreachable: start it or fix the host and port in the URL";
        } else if (all.contains("newer than") || all.contains("not resolved locally")
                || all.contains("detected applied migration not resolved")) {
            advice = "the database was migrated by a newer ringrift-scheduler: upgrade this node or use another database";
        } else if (all.contains("locked by another process") || all.contains("database may be already in use")) {
            advice = "the H2 file is locked by another process: add ;AUTO_SERVER=TRUE to the URL or stop that process";
        } else {
            advice = "database error: " + rootMessage(e);
        }
        return new DatabaseException("cannot use database " + url + ": " + advice, e);
    }

    private static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
            if (t instanceof SQLException s && s.getSQLState() != null) {
                sb.append(s.getSQLState()).append(" | ");
            }
        }
        return sb.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
