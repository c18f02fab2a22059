package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.runtime.Guard;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 5, each behaviour through the real command in a separate JVM, run from another
 * folder than the guard.yaml's ({@code home/guard.yaml} with {@code database.url:
 * jdbc:h2:file:./db/ringrift}, commands run in {@code elsewhere/}).
 */
class CliProcessTest {

    @TempDir
    Path tmp;
    Path home;
    Path elsewhere;
    Path config;
    Path dbPath;

    @BeforeEach
    void layout() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        config = home.resolve("guard.yaml");
        String abs = home.toAbsolutePath().toString().replace('\\', '/');
        Files.writeString(config, CliFixture.yaml(home, CliFixture.SELFPLAY_JOBS)
                .replace("jdbc:h2:file:" + abs + "/db/ringrift", "jdbc:h2:file:./db/ringrift"));
        assertThat(Files.readString(config)).contains("url: jdbc:h2:file:./db/ringrift;AUTO_SERVER=TRUE");
        dbPath = home.resolve("db").resolve("ringrift");
    }

    private CliFixture.Result ringrift(String... args) throws Exception {
        return CliProcess.run(elsewhere, args);
    }

    private static Stream<Path> filesUnder(Path dir) throws Exception {
        return Files.walk(dir).filter(Files::isRegularFile);
    }

    @Test
    void withNoDatabaseWhereTheConfigPointsEveryCommandSaysSoAndCreatesNone() throws Exception {
        for (String[] args : List.of(new String[] {"audit"}, new String[] {"jobs", "list"},
                new String[] {"jobs", "trigger", "selfplay"}, new String[] {"runs", "selfplay"})) {
            String[] all = Stream.concat(Stream.of(args), Stream.of("--config", config.toString())).toArray(String[]::new);
            CliFixture.Result r = ringrift(all);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
            assertThat(r.err().strip().lines()).as(r.toString()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("error: no database at " + H2Main.of(dbPath))
                    .contains("--config").contains("--db-url"));
            assertThat(r.out()).isEmpty();
        }
        assertThat(home.resolve("db")).doesNotExist();
        assertThat(filesUnder(elsewhere).toList()).as("nothing created in the working directory").isEmpty();
    }

    @Test
    void aRelativeDatabaseUrlIsTheConfigFoldersDatabaseFromAnyWorkingDirectory() throws Exception {
        CliProcess.createDatabase(dbPath, "");
        try (CliProcess.Rows rows = new CliProcess.Rows(dbPath, home.resolve("spool"), "")) {
            rows.decision("selfplay", "DEFER", "disk 72% of 70% limit (level 4): NORMAL selfplay deferred",
                    Instant.now().minusSeconds(5));
        }
        CliFixture.Result r = ringrift("audit", "--config", config.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("selfplay").contains("DEFER").contains("1 row(s)");
        assertThat(filesUnder(elsewhere).toList()).isEmpty();
    }

    @Test
    void auditShowsOutcomesAndRunsListsAJobsRecentRuns() throws Exception {
        CliProcess.createDatabase(dbPath, "");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        try (CliProcess.Rows rows = new CliProcess.Rows(dbPath, home.resolve("spool"), "")) {
            long ok = rows.decision("selfplay", "ALLOW", "cpu 10% of 90% limit (level 0): NORMAL selfplay allowed", t);
            rows.outcome(ok, "selfplay", t, 1_200, null, null);
            long bad = rows.decision("selfplay", "ALLOW", "cpu 12% of 90% limit (level 0): NORMAL selfplay allowed",
                    t.plusSeconds(10));
            rows.outcome(bad, "selfplay", t.plusSeconds(10), 300, "java.io.IOException", "disk full");
            rows.decision("selfplay", "ALLOW", "cpu 11% of 90% limit (level 0): NORMAL selfplay allowed", t.plusSeconds(20));
            rows.decision("selfplay", "DEFER", "disk 72% of 70% limit (level 4): NORMAL selfplay deferred",
                    t.plusSeconds(30));
        }
        CliFixture.Result table = ringrift("audit", "--outcomes", "--config", config.toString());
        assertThat(table.code()).as(table.toString()).isZero();
        assertThat(table.out()).contains("OUTCOME").contains("succeeded 1.2s").contains("failed 300ms: IOException: disk full")
                .contains("no outcome yet");

        CliFixture.Result json = ringrift("audit", "--outcomes", "--format", "json", "--config", config.toString());
        assertThat(json.code()).as(json.toString()).isZero();
        JsonNode rows = Guard.jsonMapper().readTree(json.out());
        assertThat(rows).hasSize(4);
        JsonNode failed = rows.get(2).get("outcome");
        assertThat(failed.get("success").asBoolean()).isFalse();
        assertThat(failed.get("durationMs").asLong()).isEqualTo(300);
        assertThat(failed.get("errorMessage").asText()).isEqualTo("disk full");
        assertThat(rows.get(0).get("outcome").isNull()).as("a DEFER did not run").isTrue();

        CliFixture.Result runs = ringrift("runs", "selfplay", "--config", config.toString());
        assertThat(runs.code()).as(runs.toString()).isZero();
        List<String> lines = runs.out().lines().toList();
        assertThat(lines.get(0)).contains("RESULT").contains("DURATION").contains("ERROR");
        assertThat(lines.get(1)).contains("no outcome yet");
        assertThat(lines.get(2)).contains("FAILED").contains("300ms").contains("IOException: disk full");
        assertThat(lines.get(3)).contains("succeeded").contains("1.2s");
        assertThat(lines.get(4)).isEqualTo("3 run(s), 1 failed");
    }

    @Test
    void auditFollowPrintsDecisionsAsTheyAreMadeAndStopsOnItsBoundOrASignal() throws Exception {
        CliProcess.createDatabase(dbPath, "");
        try (CliProcess.Rows rows = new CliProcess.Rows(dbPath, home.resolve("spool"), "")) {
            rows.decision("selfplay", "ALLOW", "older than the backlog", Instant.now().minusSeconds(150));
            rows.decision("selfplay", "ALLOW", "before the follow", Instant.now().minusSeconds(90));
            Process bounded = CliProcess.start(elsewhere, "bounded", Map.of(), "audit", "--follow", "--limit", "1",
                    "--count", "3", "--config", config.toString());
            Process open = CliProcess.start(elsewhere, "open", Map.of(), "audit", "--follow", "--job", "selfplay",
                    "--config", config.toString());
            Path boundedOut = elsewhere.resolve("bounded.out");
            Path openOut = elsewhere.resolve("open.out");
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(boundedOut).size() == 1 && lines(openOut).size() == 2);
            assertThat(lines(boundedOut).get(0)).contains("selfplay").contains("ALLOW").contains("before the follow");

            rows.decision("selfplay", "DEFER", "made while following", Instant.now());
            rows.decision("training", "ALLOW", "another job", Instant.now());
            assertThat(bounded.waitFor(60, TimeUnit.SECONDS)).as("stops after --count 3").isTrue();
            assertThat(bounded.exitValue()).isZero();
            assertThat(lines(boundedOut)).hasSize(3);
            assertThat(lines(boundedOut).get(1)).contains("DEFER").contains("made while following");
            assertThat(lines(boundedOut).get(2)).contains("training");
            assertThat(String.join("\n", lines(boundedOut))).as("the row before the backlog is not news")
                    .doesNotContain("older than the backlog");

            await().atMost(Duration.ofSeconds(60)).until(() -> lines(openOut).size() == 3);
            assertThat(lines(openOut).get(0)).contains("older than the backlog");
            assertThat(lines(openOut).get(2)).contains("made while following");
            new ProcessBuilder("kill", "-INT", Long.toString(open.pid())).start().waitFor();
            assertThat(open.waitFor(60, TimeUnit.SECONDS)).as("Ctrl-C stops it").isTrue();
            assertThat(open.exitValue()).isZero();
            assertThat(lines(openOut)).as("--job selfplay: not the training row").hasSize(3);
        }
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file).lines().toList() : List.of();
    }

    @Test
    void thePasswordNeverGoesOnTheCommandLine() throws Exception {
        CliProcess.createDatabase(dbPath, "s3cret");
        String[] audit = {"audit", "--config", config.toString()};

        CliFixture.Result refused = ringrift("audit", "--db-password", "s3cret", "--config", config.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--db-password is not accepted").contains("RINGRIFT_DB_PASSWORD")
                .contains("--db-password-file").contains("--db-password-prompt").doesNotContain("s3cret");

        CliFixture.Result none = ringrift(audit);
        assertThat(none.code()).as(none.toString()).isEqualTo(1);
        assertThat(none.err()).contains("wrong credentials");

        CliFixture.Result env = CliProcess.run(elsewhere, Map.of("RINGRIFT_DB_PASSWORD", "s3cret"), null, audit);
        assertThat(env.code()).as(env.toString()).isZero();
        assertThat(env.out()).contains("no decisions match");

        Path file = Files.writeString(home.resolve("db.password"), "s3cret\n", StandardCharsets.UTF_8);
        CliFixture.Result fromFile = ringrift("audit", "--db-password-file", file.toString(), "--config", config.toString());
        assertThat(fromFile.code()).as(fromFile.toString()).isZero();

        CliFixture.Result prompted = CliProcess.run(elsewhere, Map.of(), "s3cret\n", "audit", "--db-password-prompt",
                "--config", config.toString());
        assertThat(prompted.code()).as(prompted.toString()).isZero();
        assertThat(prompted.out()).contains("no decisions match");
    }

    @Test
    void versionComesFromTheBuildAndCompletionFromPicocli() throws Exception {
        CliFixture.Result version = ringrift("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out().strip()).matches("ringrift \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?")
                .isEqualTo("ringrift " + BuildVersion.version());

        CliFixture.Result completion = ringrift("completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("runs").contains("--follow")
                .contains("--db-password-file").doesNotContain("--db-password ");
        Path script = Files.writeString(elsewhere.resolve("ringrift-completion.bash"), completion.out());
        Process bash = new ProcessBuilder("bash", "-c", "source '" + script + "' && complete -p ringrift")
                .redirectErrorStream(true).start();
        String said = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(said).isZero();
        assertThat(said).contains("ringrift");
    }

    /** The path the "no database" line names. */
    private static final class H2Main {
        static String of(Path dbPath) {
            return ai.ringrift.db.H2FilePath.mainFile(dbPath.toAbsolutePath().normalize()).toString();
        }
    }
}
