package ai.ringrift.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A temporary guard.yaml on its own H2 file, and {@link Main#run} with captured output. */
final class CliFixture {

    /** One run of the command: exit code, standard output, standard error. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    final Path dir;
    final Path config;

    CliFixture(Path dir, String jobsYaml) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("guard.yaml");
        Files.writeString(config, yaml(dir, jobsYaml));
    }

    /** guard.yaml with everything under {@code dir}, ports 0 and the given {@code jobs:} section. */
    static String yaml(Path dir, String jobsYaml) {
        String d = dir.toAbsolutePath().toString().replace('\\', '/');
        return "database:\n"
                + "  url: jdbc:h2:file:" + d + "/db/ringrift;AUTO_SERVER=TRUE\n"
                + "dashboard:\n  port: 0\n"
                + "metrics:\n  port: 0\n"
                + "quartz:\n  threadCount: 2\n"
                + "sampling:\n  dataDir: " + d + "/data\n  diskPaths: [" + d + "]\n"
                + "audit:\n  spoolDir: " + d + "/spool\n"
                + jobsYaml;
    }

    /** Runs {@code ringrift args --config <this config>}. */
    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return raw(all.toArray(String[]::new));
    }

    /** Runs {@code ringrift args} as given. */
    static Result raw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    static final String SELFPLAY_JOBS = "jobs:\n"
            + "  - name: health-check\n"
            + "    class: ai.ringrift.cli.testjobs.ProbeJob\n"
            + "    interval: 1m\n"
            + "    priority: CRITICAL\n"
            + "  - name: selfplay\n"
            + "    class: ai.ringrift.cli.testjobs.SizedJob\n"
            + "    interval: 10m\n"
            + "    priority: NORMAL\n"
            + "    needs: {memoryGb: 2, diskGb: 1}\n"
            + "    parameters:\n"
            + "      num_games: \"200\"\n"
            + "    resizable: {param: num_games, min: 10}\n";
}
