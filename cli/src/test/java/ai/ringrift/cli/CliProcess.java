package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.audit.AuditLog;
import ai.ringrift.db.audit.AuditLogSettings;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ringrift ARGS} as a separate JVM (this test's class path, {@code ai.ringrift.cli.Main}) in a
 * chosen working directory, with extra environment and standard input: what a user's shell does.
 */
final class CliProcess {

    private CliProcess() {
    }

    /** The java command line for {@code ringrift args}. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "ai.ringrift.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code ringrift args} in {@code dir}; output goes to {@code dir/NAME.out} and {@code .err}. */
    static Process start(Path dir, String name, Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().remove(GlobalOptions.PASSWORD_ENV);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs {@code ringrift args} in {@code dir} to its end (at most 2 minutes) with {@code stdin} as input. */
    static CliFixture.Result run(Path dir, Map<String, String> env, String stdin, String... args) throws Exception {
        Path out = Files.createTempFile(dir.getParent(), "cli", ".out");
        Path err = Files.createTempFile(dir.getParent(), "cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove(GlobalOptions.PASSWORD_ENV);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("ringrift " + String.join(" ", args) + " did not end within 2 minutes");
        }
        CliFixture.Result r = new CliFixture.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static CliFixture.Result run(Path dir, String... args) throws Exception {
        return run(dir, Map.of(), null, args);
    }

    /** Creates and migrates the H2 database at {@code path} (as {@code ringrift run} would) with this password. */
    static void createDatabase(Path path, String password) {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(path).withCredentials("sa", password))) {
            db.schemaVersion();
        }
    }

    /** Writes audit rows into the H2 database at {@code path}, as the daemon's audit log does. */
    static final class Rows implements AutoCloseable {
        private final Database db;
        private final AuditLog log;

        Rows(Path path, Path spool, String password) {
            db = Database.openAndMigrate(DatabaseSettings.h2File(path).withCredentials("sa", password));
            log = new AuditLog(db.dataSource(), AuditLogSettings.defaults(spool).withNodeId("node-a"));
        }

        long decision(String job, String decision, String reason, Instant at) {
            return log.record(DecisionRow.builder().decidedAt(at).jobName(job).priority("NORMAL").decision(decision)
                    .reasonCode("LEVEL").reason(reason).level(1).build());
        }

        void outcome(long seq, String job, Instant started, long millis, String errorClass, String errorMessage) {
            log.recordOutcome(OutcomeRow.of(seq, "DEFAULT", job, started, started.plusMillis(millis),
                    errorClass == null, errorClass, errorMessage, null));
        }

        @Override
        public void close() {
            try {
                log.close();
            } finally {
                db.close();
            }
        }
    }
}
