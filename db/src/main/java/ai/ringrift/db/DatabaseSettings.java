package ai.ringrift.db;

import java.util.Objects;

/**
 * Where the database is. The default is an embedded H2 file under {@code ./data/}, opened with
 * {@code AUTO_SERVER=TRUE} so that a second process (the CLI reading the audit log while the daemon
 * runs) can use it too.
 *
 * @param url      JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql://...})
 * @param user     user name, may be empty
 * @param password password, may be empty; never printed
 * @param poolSize maximum pool size
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    public static final String DEFAULT_URL = "jdbc:h2:file:./data/ringrift;AUTO_SERVER=TRUE";

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        url = url.trim();
        if (url.isEmpty()) {
            throw new IllegalArgumentException("database.url must not be blank: use " + DEFAULT_URL
                    + " (embedded, the default) or jdbc:postgresql://HOST:PORT/DATABASE");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (poolSize < 1) {
            throw new IllegalArgumentException("database.poolSize must be >= 1, was " + poolSize);
        }
    }

    public static DatabaseSettings defaults() {
        return new DatabaseSettings(DEFAULT_URL, "sa", "", 10);
    }

    public static DatabaseSettings of(String url) {
        return new DatabaseSettings(url, "", "", 10);
    }

    /** An embedded H2 file database at {@code path} (without the {@code .mv.db} suffix). */
    public static DatabaseSettings h2File(java.nio.file.Path path) {
        return new DatabaseSettings("jdbc:h2:file:" + path.toAbsolutePath() + ";AUTO_SERVER=TRUE", "sa", "", 10);
    }

    public DatabaseSettings withCredentials(String newUser, String newPassword) {
        return new DatabaseSettings(url, newUser, newPassword, poolSize);
    }

    public DatabaseSettings withPoolSize(int size) {
        return new DatabaseSettings(url, user, password, size);
    }

    /** The URL with any password in it masked, safe to print. */
    public String maskedUrl() {
        return mask(url);
    }

    /** Masks {@code password=...} parameters and {@code //user:password@} credentials in any text. */
    static String mask(String text) {
        return text.replaceAll("(?i)(password=)[^;&\\s]*", "$1****")
                .replaceAll("(//[^/:@\\s]+:)[^@/\\s]*@", "$1****@");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + maskedUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
