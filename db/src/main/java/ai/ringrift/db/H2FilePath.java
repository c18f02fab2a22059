package ai.ringrift.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The file behind an embedded H2 URL ({@code jdbc:h2:file:./data/ringrift;AUTO_SERVER=TRUE} or
 * {@code jdbc:h2:./data/ringrift}): where it is, whether it exists, and the URL with a relative path
 * made absolute against a folder. In-memory ({@code mem:}), server ({@code tcp:}, {@code ssl:}) and
 * other H2 file-system prefixes ({@code zip:}, {@code nio:} ...) name no plain file: empty.
 */
public final class H2FilePath {

    private static final String H2 = "jdbc:h2:";
    private static final String FILE = "file:";
    /** The file suffixes H2 gives a database (MVStore, and the old PageStore). */
    private static final String[] SUFFIXES = {".mv.db", ".h2.db"};

    private H2FilePath() {
    }

    /** The database path of an embedded H2 URL, without its {@code .mv.db} suffix, as written. */
    public static Optional<String> of(String url) {
        if (url == null || !url.regionMatches(true, 0, H2, 0, H2.length())) {
            return Optional.empty();
        }
        String rest = url.substring(H2.length());
        int semi = rest.indexOf(';');
        String path = semi < 0 ? rest : rest.substring(0, semi);
        if (path.regionMatches(true, 0, FILE, 0, FILE.length())) {
            return Optional.of(path.substring(FILE.length()));
        }
        int colon = path.indexOf(':');
        if (colon > 1) { // mem:, tcp:, ssl:, zip:, nio: ... (a Windows drive letter is one character)
            return Optional.empty();
        }
        return path.isEmpty() ? Optional.empty() : Optional.of(path);
    }

    /** The absolute database path ({@code ~} is the user's home), or empty when {@code url} names no file. */
    public static Optional<Path> absolute(String url) {
        return of(url).map(p -> p.startsWith("~")
                ? Path.of(System.getProperty("user.home") + p.substring(1))
                : Path.of(p).toAbsolutePath()).map(Path::normalize);
    }

    /**
     * {@code url} with a relative file path resolved against {@code folder}; any other URL (absolute,
     * {@code ~}, in-memory, server, PostgreSQL) unchanged.
     */
    public static String resolveAgainst(String url, Path folder) {
        Optional<String> written = of(url);
        if (written.isEmpty() || written.get().startsWith("~") || Path.of(written.get()).isAbsolute()) {
            return url;
        }
        String path = written.get();
        int at = url.indexOf(path, H2.length());
        String absolute = folder.toAbsolutePath().resolve(path).normalize().toString().replace('\\', '/');
        return url.substring(0, at) + absolute + url.substring(at + path.length());
    }

    /** The database file that exists for {@code databasePath} ({@code .mv.db} or {@code .h2.db}), if any. */
    public static Optional<Path> existing(Path databasePath) {
        for (String suffix : SUFFIXES) {
            Path f = databasePath.resolveSibling(databasePath.getFileName() + suffix);
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The main file H2 creates for {@code databasePath}: {@code PATH.mv.db}. */
    public static Path mainFile(Path databasePath) {
        return databasePath.resolveSibling(databasePath.getFileName() + SUFFIXES[0]);
    }
}
