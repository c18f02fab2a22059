package ai.ringrift.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command accepts: which guard.yaml, which database, and stack traces on errors. */
public final class GlobalOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "guard.yaml to use (default: ./guard.yaml if it exists, else the bundled default)")
    Path config;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "JDBC URL overriding database.url, e.g. jdbc:postgresql://db:5432/ringrift")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "overrides database.user")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "overrides database.password")
    String dbPassword;

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
