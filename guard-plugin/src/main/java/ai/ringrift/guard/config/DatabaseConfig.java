package ai.ringrift.guard.config;

import ai.ringrift.db.DatabaseSettings;

/**
 * {@code database}: where Quartz, JobRunr and the audit log keep their tables.
 *
 * @param url      JDBC URL (default {@value DatabaseSettings#DEFAULT_URL})
 * @param user     user name (default {@code sa}, H2's default)
 * @param password password (default empty); never printed, use {@code ${ENV_VAR}}
 * @param poolSize connection pool size (default 10)
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) {

    public static DatabaseConfig defaults() {
        return new DatabaseConfig(DatabaseSettings.DEFAULT_URL, "sa", "", 10);
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
