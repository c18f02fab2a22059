package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;

import ai.ringrift.db.DatabaseSettings;

/**
 * {@code database}: where Quartz, JobRunr and the audit log keep their tables.
 *
 * @param url      JDBC URL (default {@value DatabaseSettings#DEFAULT_URL})
 * @param user     user name (default {@code sa}, H2's default)
 * @param password password (default empty); never printed, use {@code ${ENV_VAR}}
 * @param poolSize connection pool size (default 10)
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) implements Checked {

    public static DatabaseConfig defaults() {
        return new DatabaseConfig(DatabaseSettings.DEFAULT_URL, "sa", "", 10);
    }

    @Override
    public void check(Problems p, String path) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            p.error(Problems.path(path, "url"), "must be a JDBC URL such as jdbc:h2:file:./data/ringrift or "
                    + "jdbc:postgresql://host:5432/ringrift (was '" + url + "')");
        }
        Checks.atLeast(p, Problems.path(path, "poolSize"), poolSize, 1);
    }

    /** The db module's settings; only valid after {@link ConfigValidator} found no error. */
    public DatabaseSettings toSettings() {
        return new DatabaseSettings(url, user, password, poolSize);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + toSettings().maskedUrl() + ", user=" + user
                + ", password=" + (password == null || password.isEmpty() ? "" : "****") + ", poolSize=" + poolSize + "]";
    }
}
