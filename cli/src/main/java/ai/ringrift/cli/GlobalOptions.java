package ai.ringrift.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every command accepts: which guard.yaml, which database, and stack traces on errors.
 * The database password never goes on the command line (it would show in {@code ps} and the shell's
 * history): it comes from {@value #PASSWORD_ENV}, a file, or a prompt ({@link CliPassword}).
 */
public final class GlobalOptions {

    /** The environment variable holding the database password. */
    public static final String PASSWORD_ENV = "RINGRIFT_DB_PASSWORD";

    @Option(names = "--config", paramLabel = "FILE",
            description = "guard.yaml to use (default: ./guard.yaml if it exists, else the bundled default)")
    Path config;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "JDBC URL overriding database.url, e.g. jdbc:postgresql://db:5432/ringrift")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "overrides database.user")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "read the database password from the first line of FILE (overrides " + PASSWORD_ENV
                    + " and database.password)")
    Path dbPasswordFile;

    @Option(names = "--db-password-prompt", interactive = true, arity = "0",
            description = "ask for the database password (overrides " + PASSWORD_ENV + " and database.password)")
    char[] dbPasswordPrompt;

    /** Refused: a password given here shows in {@code ps}; the message says what to use instead. */
    @Option(names = "--db-password", paramLabel = "PASSWORD", hidden = true)
    String refusedPassword;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    public Path config() {
        return config;
    }

    public String dbUrl() {
        return dbUrl;
    }

    public boolean debug() {
        return debug;
    }
}
