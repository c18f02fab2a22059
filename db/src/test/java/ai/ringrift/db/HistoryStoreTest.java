package ai.ringrift.db;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.history.HistoryRow;
import ai.ringrift.db.history.HistoryRow.Decisions;
import ai.ringrift.db.history.HistoryRow.Stat;
import ai.ringrift.db.history.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard_history} on H2 and PostgreSQL: one row per node per minute, a second write of the
 * same minute (a node restarted within it) merges into the row, queries by node and window,
 * retention by cutoff.
 */
class HistoryStoreTest {

    @TempDir
    Path tmp;

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void oneRowPerNodeAndMinuteOnH2() {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")))) {
            exercise(new HistoryStore(db.dataSource()));
        }
    }

    @Test
    void oneRowPerNodeAndMinuteOnPostgres() {
        try (TestPostgres pg = TestPostgres.freshSchema();
             Database db = Database.openAndMigrate(pg.settings())) {
            assertThat(db.vendor()).isEqualTo(Vendor.POSTGRESQL);
            exercise(new HistoryStore(db.dataSource()));
        }
    }

    private static void exercise(HistoryStore store) {
        for (int m = 0; m < 3; m++) {
            for (String node : List.of("a", "b")) {
                store.write(row(node, T0.plus(m, ChronoUnit.MINUTES), 10, 20.0 + m, 30.0 + m, 1, new Decisions(5, 1, 2, 0, 0)));
            }
        }
        // node a restarted within minute 1: its second part merges into the same row
        store.write(row("a", T0.plus(1, ChronoUnit.MINUTES), 30, 40.0, 90.0, 4, new Decisions(1, 0, 3, 1, 1)));

        List<HistoryRow> all = store.find(null, T0, null);
        assertThat(all).hasSize(6);
        assertThat(all).extracting(r -> r.nodeId() + "@" + r.minute().atOffset(java.time.ZoneOffset.UTC).getMinute())
                .containsExactly("a@0", "b@0", "a@1", "b@1", "a@2", "b@2");

        HistoryRow merged = store.find("a", T0.plus(1, ChronoUnit.MINUTES), T0.plus(2, ChronoUnit.MINUTES)).get(0);
        assertThat(merged.samples()).isEqualTo(40);
        assertThat(merged.cpu().samples()).isEqualTo(40);
        assertThat(merged.cpu().avg()).isCloseTo((21.0 * 10 + 40.0 * 30) / 40, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(merged.cpu().max()).isEqualTo(90.0);
        assertThat(merged.gpu()).isEqualTo(Stat.NONE);
        assertThat(merged.levelMax()).isEqualTo(4);
        assertThat(merged.levelLast()).isEqualTo(4);
        assertThat(merged.decisions()).isEqualTo(new Decisions(6, 1, 5, 1, 1));

        assertThat(store.find("b", T0, null)).hasSize(3).allMatch(r -> r.nodeId().equals("b"));
        assertThat(store.find(null, T0.plus(Duration.ofMinutes(2)), null)).hasSize(2);

        assertThat(store.deleteOlderThan(T0.plus(Duration.ofMinutes(2)))).isEqualTo(4);
        assertThat(store.find(null, T0, null)).extracting(HistoryRow::minute)
                .containsOnly(T0.plus(Duration.ofMinutes(2)));
    }

    private static HistoryRow row(String node, Instant minute, int samples, double cpuAvg, double cpuMax, int level,
                                  Decisions d) {
        return new HistoryRow(node, minute, samples, new Stat(cpuAvg, cpuMax, samples), new Stat(50.0, 55.0, samples),
                Stat.NONE, new Stat(60.0, 61.0, samples), level, level, d);
    }
}
