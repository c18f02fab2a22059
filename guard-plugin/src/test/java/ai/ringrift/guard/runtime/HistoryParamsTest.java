package ai.ringrift.guard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.history.HistoryRow;
import ai.ringrift.db.history.HistoryRow.Decisions;
import ai.ringrift.db.history.HistoryRow.Stat;
import ai.ringrift.db.history.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window, node and step of {@code /api/history} and {@code ringrift history}. */
class HistoryParamsTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:30Z");

    @TempDir
    Path tmp;

    @Test
    void pointsOfSeveralMinutesCombineTheirMinutes() {
        Instant t = Instant.parse("2026-12-01T11:00:00Z");
        List<HistoryRow> rows = HistoryParams.bucket(List.of(
                row("a", t, 10.0, 20.0, 1, new Decisions(1, 0, 0, 0, 0)),
                row("a", t.plusSeconds(60), 30.0, 90.0, 3, new Decisions(0, 1, 2, 0, 0)),
                row("b", t.plusSeconds(60), 50.0, 50.0, 0, Decisions.NONE),
                row("a", t.plusSeconds(300), 5.0, 5.0, 0, Decisions.NONE)), 5);
        assertThat(rows).extracting(r -> r.nodeId() + "@" + r.minute()).containsExactly(
                "a@2026-12-01T11:00:00Z", "b@2026-12-01T11:00:00Z", "a@2026-12-01T11:05:00Z");
        HistoryRow a = rows.get(0);
        assertThat(a.cpu().avg()).isEqualTo(20.0);
        assertThat(a.cpu().max()).isEqualTo(90.0);
        assertThat(a.levelMax()).isEqualTo(3);
        assertThat(a.decisions()).isEqualTo(new Decisions(1, 1, 2, 0, 0));
    }

    @Test
    void windowNodeStepAndTheOpenMinute() {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")))) {
            HistoryStore store = new HistoryStore(db.dataSource());
            for (int m = 1; m <= 90; m++) {
                store.write(row("a", Instant.parse("2026-12-01T12:00:00Z").minus(Duration.ofMinutes(m)), 10.0, 10.0, 0,
                        Decisions.NONE));
                store.write(row("b", Instant.parse("2026-12-01T12:00:00Z").minus(Duration.ofMinutes(m)), 10.0, 10.0, 0,
                        Decisions.NONE));
            }
            Optional<HistoryRow> open = Optional.of(row("a", Instant.parse("2026-12-01T12:00:00Z"), 70.0, 75.0, 4,
                    Decisions.NONE));

            HistoryParams.Response hour = HistoryParams.query(store, open, Map.of(), NOW);
            assertThat(hour.stepMinutes()).isEqualTo(1);
            assertThat(hour.since()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
            assertThat(hour.rows()).hasSize(2 * 60 + 1);
            assertThat(hour.rows().get(hour.rows().size() - 1).levelMax()).as("the open minute last").isEqualTo(4);

            assertThat(HistoryParams.query(store, open, Map.of("node", "b", "since", "2h"), NOW).rows())
                    .hasSize(90).allMatch(r -> r.nodeId().equals("b"));
            assertThat(HistoryParams.query(store, open, Map.of("since", "7d"), NOW).stepMinutes()).isEqualTo(15);
            assertThat(HistoryParams.query(store, open, Map.of("since", "24h"), NOW).stepMinutes()).isEqualTo(2);
            assertThat(HistoryParams.query(store, open, Map.of("since", "2h", "step", "30", "node", "a"), NOW).rows())
                    .hasSize(4);
        }
    }

    @Test
    void badValuesNameTheParameter() {
        HistoryStore none = null;
        assertThatThrownBy(() -> HistoryParams.query(none, Optional.empty(), Map.of("window", "1h"), NOW))
                .hasMessageStartingWith("unknown history filter 'window'");
        assertThatThrownBy(() -> HistoryParams.query(none, Optional.empty(), Map.of("since", "soon"), NOW))
                .hasMessageStartingWith("since: ");
        assertThatThrownBy(() -> HistoryParams.query(none, Optional.empty(), Map.of("step", "0"), NOW))
                .hasMessageStartingWith("step must be a whole number of minutes from 1 to 1440");
        assertThatThrownBy(() -> HistoryParams.query(none, Optional.empty(), Map.of("since", "1h", "until", "2h"), NOW))
                .hasMessage("until must be after since");
    }

    private static HistoryRow row(String node, Instant minute, double avg, double max, int level, Decisions d) {
        return new HistoryRow(node, minute, 6, new Stat(avg, max, 6), Stat.NONE, Stat.NONE, Stat.NONE, level, level, d);
    }
}
