package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.guard.config.GuardConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command has: the global options, its output streams, config and database access. */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions globals = new GlobalOptions();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The validated configuration (exit 2 listing every problem otherwise). */
    GuardConfig config() {
        return CliConfig.load(globals, err(), false);
    }

    /**
     * Opens the configured database if it exists, never creating one ({@link ExistingDatabase}):
     * exit 1 with one line otherwise, as for a DatabaseException.
     */
    static Database openDatabase(GuardConfig config) {
        return ExistingDatabase.open(config);
    }
}
