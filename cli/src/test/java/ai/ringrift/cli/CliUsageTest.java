package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, wrong arguments and configuration errors: exit codes 0 and 2 with messages naming the argument. */
class CliUsageTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"run", "status", "jobs", "jobs list", "jobs trigger", "jobs pause", "jobs resume", "audit",
            "audit summary", "explain", "validate", "recommend"})
    void everyCommandHasHelp(String command) {
        String[] words = (command + " --help").split(" ");
        CliFixture.Result r = CliFixture.raw(words);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage: ringrift " + command).contains("--help");
    }

    @Test
    void rootHelpListsTheCommands() {
        CliFixture.Result r = CliFixture.raw("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("run", "status", "jobs", "audit", "explain", "validate", "recommend");
    }

    @Test
    void noCommandIsAUsageError() {
        CliFixture.Result r = CliFixture.raw();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing command");
    }

    @Test
    void unknownOptionNamesIt() {
        CliFixture.Result r = CliFixture.raw("status", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--bogus").contains("ringrift status --help");
    }

    @Test
    void unknownCommandNamesIt() {
        CliFixture.Result r = CliFixture.raw("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void missingJobNameNamesTheParameter() {
        for (String sub : new String[] {"trigger", "pause", "resume"}) {
            CliFixture.Result r = CliFixture.raw("jobs", sub);
            assertThat(r.code()).as(sub).isEqualTo(2);
            assertThat(r.err()).as(sub).contains("NAME");
        }
        CliFixture.Result r = CliFixture.raw("explain");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("NAME");
    }

    @Test
    void paramWithoutEqualsNamesTheOption() {
        CliFixture.Result r = CliFixture.raw("jobs", "trigger", "selfplay", "--param", "num_games");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--param");
    }

    @Test
    void jobsWithoutSubcommandIsAUsageError() {
        CliFixture.Result r = CliFixture.raw("jobs");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing subcommand");
    }

    @Test
    void badFormatNamesTheOption() {
        CliFixture.Result r = CliFixture.raw("audit", "--format", "xml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--format").contains("xml");
    }

    @Test
    void badStopTimeoutNamesTheOption() {
        CliFixture.Result r = CliFixture.raw("run", "--stop-timeout", "soon");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--stop-timeout");
    }

    @Test
    void missingConfigFileNamesTheOption() {
        CliFixture.Result r = CliFixture.raw("status", "--config", tmp.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--config").contains("nope.yaml");
    }

    @Test
    void configErrorsAreAllPrintedWithExit2() throws Exception {
        Path bad = tmp.resolve("guard.yaml");
        java.nio.file.Files.copy(getClass().getResourceAsStream("/cli-broken/broken-three-errors.yaml"), bad);
        for (String command : new String[] {"run", "status", "jobs list", "audit", "explain selfplay", "recommend"}) {
            String[] words = (command + " --config " + bad).split(" ");
            CliFixture.Result r = CliFixture.raw(words);
            assertThat(r.code()).as(command + "\n" + r).isEqualTo(2);
            assertThat(r.err()).as(command).contains("limits.cpu.max", "limits.memroy", "sampling.interval",
                    "3 error(s)");
        }
    }

    @Test
    void dbUrlThatIsNotJdbcNamesTheOption() throws Exception {
        CliFixture f = new CliFixture(tmp, "");
        CliFixture.Result r = f.run("jobs", "list", "--db-url", "postgres://x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--db-url").contains("postgres://x");
    }

    @Test
    void unreachableDatabaseIsExit1WithOneLine() throws Exception {
        CliFixture f = new CliFixture(tmp, "");
        CliFixture.Result r = f.run("jobs", "list", "--db-url", "jdbc:postgresql://127.0.0.1:1/x");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("error: cannot use database jdbc:postgresql://127.0.0.1:1/x");
    }

    @Test
    void debugPrintsTheStackTrace() throws Exception {
        CliFixture f = new CliFixture(tmp, "");
        CliFixture.Result r = f.run("jobs", "list", "--debug", "--db-url", "jdbc:postgresql://127.0.0.1:1/x");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("DatabaseException").contains("\tat ");
    }
}
