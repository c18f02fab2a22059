package ai.ringrift.cli;

import ai.ringrift.guard.config.LoadResult;
import ai.ringrift.guard.config.Problem;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ringrift validate [FILE]}: every problem of a guard.yaml, errors and warnings; exit 2 on errors. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a guard.yaml and print every problem; exit 2 when there is an error.")
final class ValidateCommand extends BaseCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "the file to check (default: --config, ./guard.yaml, or the bundled default)")
    Path file;

    @Override
    public Integer call() {
        Path target = file != null ? file : globals.config;
        if (file != null && !file.toFile().exists()) {
            throw CliException.usage("FILE: file not found: " + file.toAbsolutePath());
        }
        LoadResult result = CliConfig.loadRaw(target);
        for (Problem p : result.problems()) {
            out().println(p);
        }
        result.omitted().ifPresent(out()::println);
        int errors = result.errorCount();
        int warnings = result.warningCount();
        if (errors > 0) {
            out().println(errors + " error(s)" + (warnings > 0 ? ", " + warnings + " warning(s)" : "")
                    + " in " + CliConfig.describe(target));
            return ExitCodes.USAGE;
        }
        out().println("OK: " + CliConfig.describe(target) + (warnings > 0 ? " (" + warnings + " warning(s))" : "")
                + ", " + result.config().jobs().size() + " job(s)");
        return ExitCodes.OK;
    }
}
