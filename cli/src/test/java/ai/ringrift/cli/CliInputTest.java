package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.scheduler.GuardedScheduler;
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

    /** The fixture's jobs registered in its job store, as `ringrift run` does: a trigger would be accepted. */
    private CliFixture registered() throws Exception {
        CliFixture f = new CliFixture(tmp, CliFixture.SELFPLAY_JOBS);
        GuardConfig config = ConfigLoader.load(f.config).orThrow();
        try (Database db = Database.openAndMigrate(config.database().toSettings())) {
            GuardedScheduler s = GuardedScheduler.create(db, SchedulerSetup.settings(config));
            try {
                RunCommand.register(s, config);
            } finally {
                s.shutdown(false);
            }
        }
        return f;
    }

    @Test
    void aParamWithoutAKeyIsAUsageError() throws Exception {
        CliFixture f = registered();
        CliFixture.Result r = f.run("jobs", "trigger", "selfplay", "--param", "=x");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--param '=x'").contains("the key is empty").contains("KEY=VALUE");
        assertThat(r.out()).doesNotContain("triggered");
    }

    @Test
    void aReservedRingriftParamIsAUsageErrorNamingTheKey() throws Exception {
        CliFixture f = registered();
        for (String key : new String[] {"ringrift.priority", "ringrift.needs.memoryGb"}) {
            CliFixture.Result r = f.run("jobs", "trigger", "selfplay", "--param", key + "=CRITICAL");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("--param " + key).contains("reserved").contains("ringrift.");
            assertThat(r.out()).doesNotContain("triggered");
        }
        // an ordinary parameter still triggers
        CliFixture.Result ok = f.run("jobs", "trigger", "selfplay", "--param", "num_games=50");
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("triggered selfplay with {num_games=50}");
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
