package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.history.HistoryRow;
import ai.ringrift.db.history.HistoryRow.Decisions;
import ai.ringrift.db.history.HistoryRow.Stat;
import ai.ringrift.db.history.HistoryStore;
import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.runtime.Guard;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ringrift history} over rows two nodes wrote: table, JSON, {@code --node}, {@code --since}, bad values. */
class HistoryCommandTest {

    @TempDir
    Path tmp;

    CliFixture f;
    Instant minute;

    @BeforeEach
    void setUp() throws Exception {
        f = new CliFixture(tmp, CliFixture.SELFPLAY_JOBS);
        minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        try (Database db = Database.openAndMigrate(ConfigLoader.load(f.config).orThrow().database().toSettings())) {
            HistoryStore store = new HistoryStore(db.dataSource());
            for (int m = 1; m <= 3; m++) {
                store.write(new HistoryRow("node-a", minute.minus(Duration.ofMinutes(m)), 60,
                        new Stat(20.0 + m, 30.0 + m, 60), new Stat(50.0, 51.0, 60), Stat.NONE,
                        new Stat(60.0, 87.5, 60), m == 1 ? 4 : 0, m == 1 ? 4 : 0, new Decisions(10, 1, m, 0, 0)));
                store.write(new HistoryRow("node-b", minute.minus(Duration.ofMinutes(m)), 60,
                        new Stat(5.0, 6.0, 60), new Stat(10.0, 11.0, 60), new Stat(40.0, 42.0, 60),
                        new Stat(20.0, 20.0, 60), 0, 0, Decisions.NONE));
            }
            store.write(new HistoryRow("node-a", minute.minus(Duration.ofHours(5)), 1, new Stat(1.0, 1.0, 1),
                    Stat.NONE, Stat.NONE, Stat.NONE, 0, 0, Decisions.NONE));
        }
    }

    @Test
    void tableShowsOneRowPerNodePerMinute() {
        CliFixture.Result r = f.run("history", "--since", "10m");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("MINUTE (UTC)", "NODE", "CPU %", "DISK %", "LEVEL", "ALLOW", "EVICT")
                .contains("node-a  21.0/31.0  50.0/51.0  -", "60.0/87.5  4      10     1       1")
                .contains("node-b  5.0/6.0    10.0/11.0  40.0/42.0")
                .contains("6 row(s), 1 min each");
    }

    @Test
    void nodeSinceAndJson() throws Exception {
        CliFixture.Result r = f.run("history", "--node", "node-a", "--since", "24h", "--format", "json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode json = Guard.jsonMapper().readTree(r.out());
        assertThat(json.get("stepMinutes").asInt()).isEqualTo(2);
        assertThat(json.get("rows")).allSatisfy(row -> assertThat(row.get("nodeId").asText()).isEqualTo("node-a"));
        JsonNode last = json.get("rows").get(json.get("rows").size() - 1);
        assertThat(last.get("disk").get("max").asDouble()).isEqualTo(87.5);
        assertThat(last.get("levelMax").asInt()).isEqualTo(4);

        CliFixture.Result none = f.run("history", "--node", "node-c");
        assertThat(none.code()).isZero();
        assertThat(none.out()).startsWith("no history since").contains("for node node-c");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        CliFixture.Result r = f.run("history", "--since", "soon");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--since: ");
        CliFixture.Result step = f.run("history", "--step", "0");
        assertThat(step.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(step.err()).contains("--step must be a whole number of minutes");
    }
}
