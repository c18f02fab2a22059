package ai.ringrift.cli;

import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.DatabaseConfig;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.LoadResult;
import ai.ringrift.guard.config.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Finds, loads and validates {@code guard.yaml} for a command: {@code --config FILE}, else
 * {@code ./guard.yaml} when it exists, else the default bundled in the jar
 * ({@value #BUNDLED}). Warnings go to standard error; any error is a {@link CliException} (exit 2)
 * listing every problem. {@code --db-url}, {@code --db-user} and the password ({@link CliPassword})
 * override the database section; a relative H2 path in guard.yaml is relative to its folder.
 */
public final class CliConfig {

    /**
     * Classpath resource of the bundled default configuration. The distribution that assembles the
     * runnable jar provides it (job-examples: the example jobs); without it the defaults apply, no jobs.
     */
    public static final String BUNDLED = "/ringrift/guard.yaml";
    /** The name the bundled default is reported under. */
    public static final String BUNDLED_NAME = "guard.yaml (bundled default)";

    private CliConfig() {
    }

    /**
     * The validated configuration the options point at, with the database overrides applied.
     * Warnings are printed to {@code err} when {@code warnings} is set ({@code run}; the other
     * commands stay quiet about them, {@code validate} lists them).
     */
    public static GuardConfig load(GlobalOptions options, PrintWriter err, boolean warnings) {
        LoadResult result = loadRaw(options.config);
        if (warnings) {
            result.warnings().forEach(w -> err.println(w));
            if (result.moreWarnings() > 0) {
                err.println("... and " + result.moreWarnings() + " more warning(s) not shown (ringrift validate)");
            }
        }
        if (!result.ok()) {
            StringBuilder b = new StringBuilder();
            for (Problem p : result.errors()) {
                b.append(p).append(System.lineSeparator());
            }
            if (result.moreErrors() > 0) {
                b.append("... and ").append(result.moreErrors()).append(" more error(s) not shown")
                        .append(System.lineSeparator());
            }
            b.append(result.errorCount()).append(" error(s) in ").append(describe(options.config))
                    .append(": fix them (ringrift validate lists every problem)");
            throw CliException.usage(b.toString());
        }
        return withDatabaseOverrides(result.config(), options);
    }

    /** Loads without throwing: an explicit file that does not exist is a usage error. */
    public static LoadResult loadRaw(Path explicit) {
        if (explicit != null) {
            if (!Files.exists(explicit)) {
                throw CliException.usage("--config: file not found: " + explicit.toAbsolutePath());
            }
            return ConfigLoader.load(explicit);
        }
        Path local = Path.of("guard.yaml");
        if (Files.isRegularFile(local)) {
            return ConfigLoader.load(local);
        }
        return ConfigLoader.loadString(bundledText(), BUNDLED_NAME);
    }

    /** Which file a command uses, in words. */
    public static String describe(Path explicit) {
        if (explicit != null) {
            return explicit.toString();
        }
        return Files.isRegularFile(Path.of("guard.yaml")) ? "./guard.yaml" : BUNDLED_NAME;
    }

    /** The text of the bundled default guard.yaml; empty (every default, no jobs) when none is bundled. */
    public static String bundledText() {
        try (InputStream in = CliConfig.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                return "";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GuardConfig withDatabaseOverrides(GuardConfig c, GlobalOptions o) {
        java.util.Optional<String> password = CliPassword.from(o, System.getenv());
        if (o.dbUrl == null && o.dbUser == null && password.isEmpty()) {
            return c;
        }
        DatabaseConfig d = c.database();
        String url = o.dbUrl != null ? o.dbUrl.trim() : d.url();
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            throw CliException.usage("--db-url: '" + o.dbUrl + "' is not a JDBC URL: use jdbc:h2:file:PATH;AUTO_SERVER=TRUE"
                    + " or jdbc:postgresql://HOST:PORT/DATABASE");
        }
        if (o.dbUrl != null) {
            DatabaseConfig.unsupportedScheme(url).ifPresent(m -> {
                throw CliException.usage("--db-url: " + m);
            });
        }
        DatabaseConfig nd = new DatabaseConfig(url, o.dbUser != null ? o.dbUser : d.user(),
                password.orElse(d.password()), d.poolSize());
        // a relative path on the command line is relative to where the command runs
        return c.withDatabase(o.dbUrl != null ? nd.resolvedAgainst(Path.of("")) : nd);
    }
}
