package ai.ringrift.cli;

import ai.ringrift.db.DatabaseException;
import ai.ringrift.guard.settings.HostMismatchException;
import ai.ringrift.guard.settings.InvalidSettingsException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ringrift} command. Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration
 * error. {@link #run(String...)} returns the code (tests call it); {@link #main} exits with it.
 */
@Command(name = "ringrift", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Resource-aware job scheduler: daemon, status, jobs, audit log, explanations.",
        subcommands = {RunCommand.class, StatusCommand.class, JobsCommand.class, AuditCommand.class,
                RunsCommand.class, HistoryCommand.class, ExplainCommand.class, ValidateCommand.class,
                RecommendCommand.class, HaltCommand.class, ResumeCommand.class, CompletionCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("missing command: use one of run, status, jobs, audit, runs, history,"
                + " explain, validate, recommend, halt, resume, completion (ringrift --help)");
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs {@code ringrift args} on System.out/System.err and returns the exit code. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return run(out, err, args);
    }

    /** Runs {@code ringrift args} writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("error: " + e.getMessage());
            c.getErr().println("see: " + c.getCommandSpec().qualifiedName() + " --help");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code;
            String message;
            InvalidSettingsException invalid = cause(e, InvalidSettingsException.class);
            HostMismatchException mismatch = cause(e, HostMismatchException.class);
            if (e instanceof CliException c) {
                code = c.exitCode();
                message = c.getMessage();
            } else if (invalid != null) {
                // settings refused at start are a configuration error: exit 2, each problem once, no trace
                code = ExitCodes.USAGE;
                message = "the guard refused its settings:" + System.lineSeparator() + "  "
                        + String.join(System.lineSeparator() + "  ", invalid.errors());
            } else if (mismatch != null) {
                // settings this host cannot satisfy (sampling.gpu: on without a GPU): exit 2, one line
                code = ExitCodes.USAGE;
                message = mismatch.getMessage();
            } else if (e instanceof DatabaseException) {
                code = ExitCodes.FAILURE;
                message = e.getMessage();
            } else {
                code = ExitCodes.FAILURE;
                message = describe(e);
            }
            cmd.getErr().println("error: " + message);
            if (debug) {
                e.printStackTrace(cmd.getErr());
            } else if (code == ExitCodes.FAILURE && !(e instanceof DatabaseException) && !(e instanceof CliException)) {
                cmd.getErr().println("(run again with --debug for the stack trace)");
            }
            return code;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
