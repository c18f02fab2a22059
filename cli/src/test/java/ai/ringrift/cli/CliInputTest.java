package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arguments the CLI must refuse as usage errors (exit 2, naming the argument) before it touches the
 * scheduler: a {@code --param} without a key or under the reserved {@code ringrift.} prefix, and a
 * {@code --db-url} whose scheme the product does not run on.
 */
class CliInputTest {

    @TempDir
    Path tmp;

    @Test
    void aParamWithoutAKeyIsAUsageError() throws Exception {
        CliFixture f = new CliFixture(tmp, CliFixture.SELFPLAY_JOBS);
        CliFixture.Result r = f.run("jobs", "trigger", "selfplay", "--param", "=x");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--param '=x'").contains("the key is empty").contains("KEY=VALUE");
        assertThat(r.out()).doesNotContain("triggered");
    }

    @Test
    void aReservedRingriftParamIsAUsageErrorNamingTheKey() throws Exception {
        CliFixture f = new CliFixture(tmp, CliFixture.SELFPLAY_JOBS);
        for (String key : new String[] {"ringrift.priority", "ringrift.needs.memoryGb"}) {
            CliFixture.Result r = f.run("jobs", "trigger", "selfplay", "--param", key + "=CRITICAL");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("--param " + key).contains("reserved").contains("ringrift.");
            assertThat(r.out()).doesNotContain("triggered");
            assertThat(r.err()).as("refused before the scheduler is asked").doesNotContain("unknown job");
        }
    }

    @Test
    void anUnknownDbUrlSchemeIsAUsageErrorNamingItAndTheSupportedOnes() throws Exception {
        CliFixture f = new CliFixture(tmp, "");
        CliFixture.Result r = f.run("jobs", "list", "--db-url", "jdbc:mysql://db:3306/ringrift");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--db-url").contains("'jdbc:mysql'").contains("jdbc:h2")
                .contains("jdbc:postgresql");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void anUnknownSchemeInGuardYamlIsAConfigurationError() throws Exception {
        CliFixture f = new CliFixture(tmp, "");
        java.nio.file.Files.writeString(f.config, java.nio.file.Files.readString(f.config)
                .replaceFirst("url: jdbc:h2:file:", "url: jdbc:sqlite:"));
        CliFixture.Result r = f.run("validate");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).contains("database.url").contains("'jdbc:sqlite' is not supported");
    }
}
