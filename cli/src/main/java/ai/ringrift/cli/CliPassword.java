package ai.ringrift.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI takes the database password from, first found wins: {@code --db-password-file FILE}
 * (its first line), {@code --db-password-prompt} (asked on the terminal, or read from standard input
 * without one), the environment variable {@value GlobalOptions#PASSWORD_ENV}; else
 * {@code database.password} of guard.yaml stays. {@code --db-password VALUE} is refused (exit 2).
 */
final class CliPassword {

    private CliPassword() {
    }

    /** The password the options and {@code env} give, or empty to keep guard.yaml's. */
    static Optional<String> from(GlobalOptions o, Map<String, String> env) {
        if (o.refusedPassword != null) {
            throw CliException.usage("--db-password is not accepted: a password on the command line shows in ps and"
                    + " the shell's history; set " + GlobalOptions.PASSWORD_ENV
                    + ", or use --db-password-file FILE or --db-password-prompt");
        }
        if (o.dbPasswordFile != null) {
            try {
                String text = Files.readString(o.dbPasswordFile, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                String line = nl < 0 ? text : text.substring(0, nl);
                return Optional.of(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            } catch (IOException e) {
                throw CliException.usage("--db-password-file: cannot read " + o.dbPasswordFile.toAbsolutePath() + ": "
                        + e.getMessage());
            }
        }
        if (o.dbPasswordPrompt != null) {
            return Optional.of(new String(o.dbPasswordPrompt));
        }
        String fromEnv = env.get(GlobalOptions.PASSWORD_ENV);
        return fromEnv == null || fromEnv.isEmpty() ? Optional.empty() : Optional.of(fromEnv);
    }
}
