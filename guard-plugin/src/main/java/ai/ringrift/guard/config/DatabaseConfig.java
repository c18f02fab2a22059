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

    /** The URL schemes the product runs on (the db module's vendors). */
    public static final java.util.List<String> SUPPORTED_SCHEMES = java.util.List.of("jdbc:h2", "jdbc:postgresql");

    @Override
    public void check(Problems p, String path) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            p.error(Problems.path(path, "url"), "must be a JDBC URL such as jdbc:h2:file:./data/ringrift or "
                    + "jdbc:postgresql://host:5432/ringrift (was '" + ConfigLimits.quote(url) + "')");
        } else {
            unsupportedScheme(url).ifPresent(m -> p.error(Problems.path(path, "url"), m));
        }
        Checks.atLeast(p, Problems.path(path, "poolSize"), poolSize, 1);
    }

    /**
     * Why a JDBC URL's scheme is not one of {@link #SUPPORTED_SCHEMES}, naming it and them
     * ({@code jdbc:mysql is not supported: use jdbc:h2 ... or jdbc:postgresql ...}); empty when it is.
     */
    public static java.util.Optional<String> unsupportedScheme(String url) {
        String u = url == null ? "" : url.trim();
        for (String s : SUPPORTED_SCHEMES) {
            if (u.startsWith(s + ":")) {
                return java.util.Optional.empty();
            }
        }
        int end = u.indexOf(':', u.startsWith("jdbc:") ? 5 : 0);
        String scheme = end > 0 ? u.substring(0, end) : u;
        return java.util.Optional.of("the scheme '" + ConfigLimits.quote(scheme) + "' is not supported: use "
                + String.join(" or ", SUPPORTED_SCHEMES) + " (jdbc:h2:file:PATH;AUTO_SERVER=TRUE, "
                + "jdbc:postgresql://HOST:PORT/DATABASE)");
    }

    /**
     * This section with a relative H2 file path in {@code url} resolved against {@code folder} (the
     * folder of the guard.yaml it was read from), so a command run from another directory finds the
     * same database; other URLs unchanged.
     */
    public DatabaseConfig resolvedAgainst(java.nio.file.Path folder) {
        String resolved = ai.ringrift.db.H2FilePath.resolveAgainst(url, folder);
        return resolved.equals(url) ? this : new DatabaseConfig(resolved, user, password, poolSize);
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
