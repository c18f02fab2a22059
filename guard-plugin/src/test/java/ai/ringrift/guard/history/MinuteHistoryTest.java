package ai.ringrift.guard.history;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.history.HistoryRow;
import ai.ringrift.db.history.HistoryRow.Decisions;
import ai.ringrift.db.history.HistoryStore;
import ai.ringrift.guard.policy.MutableClock;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' aggregators and recorders on one H2 history table, driven by a fake clock through
 * three minutes of snapshots and decisions: one row per node per minute with the minute's
 * average and maximum, highest and last level and decisions by kind; the open minute is shown but
 * not written until it ends; a node restarted within a minute merges into that minute's row.
 */
class MinuteHistoryTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void oneRowPerNodePerMinute() {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")))) {
            HistoryStore store = new HistoryStore(db.dataSource());
            MutableClock clock = new MutableClock(T0);
            AtomicInteger levelA = new AtomicInteger();
            HistoryRecorder a = new HistoryRecorder(new MinuteAggregator("a", clock, levelA::get), store, clock);
            HistoryRecorder b = new HistoryRecorder(new MinuteAggregator("b", clock, () -> 0), store, clock);

            List<Integer> levels = List.of(0, 2, 4);
            for (int minute = 0; minute < 3; minute++) {
                for (int s = 0; s < 6; s++) { // a sample every 10 s
                    clock.set(T0.plus(Duration.ofMinutes(minute)).plusSeconds(s * 10L));
                    levelA.set(s == 5 ? levels.get(minute) : 0);
                    a.aggregator().onSnapshot(snapshot(clock.instant(), 10 + minute * 10 + s, 50));
                    b.aggregator().onSnapshot(snapshot(clock.instant(), 5, 40));
                }
                a.aggregator().recordDecision("ALLOW", "NORMAL", "LEVEL");
                a.aggregator().recordDecision("DEFER", "NORMAL", "LEVEL");
                a.aggregator().recordDecision("EVICT", "LOW", "LEVEL");
                a.aggregator().recordDecision("SUPERSEDED", "NORMAL", "LEVEL"); // lifecycle row: not a decision
                b.aggregator().recordDecision("VETO", "BACKGROUND", "LEVEL");
                if (minute < 2) {
                    assertThat(a.flush()).as("nothing ended yet in minute " + minute).isEqualTo(minute == 0 ? 0 : 1);
                    assertThat(a.open()).hasValueSatisfying(o -> assertThat(o.samples()).isEqualTo(6));
                }
            }
            clock.set(T0.plus(Duration.ofMinutes(3)).plusSeconds(1));
            a.flush();
            b.flush();

            List<HistoryRow> rows = store.find(null, T0, null);
            assertThat(rows).extracting(r -> r.nodeId() + "@" + Duration.between(T0, r.minute()).toMinutes())
                    .containsExactly("a@0", "b@0", "a@1", "b@1", "a@2", "b@2");
            HistoryRow a1 = rows.get(2);
            assertThat(a1.samples()).isEqualTo(6);
            assertThat(a1.cpu().avg()).isEqualTo(22.5);
            assertThat(a1.cpu().max()).isEqualTo(25.0);
            assertThat(a1.memory().avg()).isEqualTo(50.0);
            assertThat(a1.gpu().samples()).isZero();
            assertThat(a1.levelMax()).isEqualTo(2);
            assertThat(a1.levelLast()).isEqualTo(2);
            assertThat(a1.decisions()).isEqualTo(new Decisions(1, 0, 1, 0, 1));
            assertThat(rows.get(4).levelMax()).isEqualTo(4);
            assertThat(rows.get(1).decisions()).isEqualTo(new Decisions(0, 0, 0, 1, 0));

            // node a restarts within minute 3: the old process writes its part at shutdown, the new one later
            a.aggregator().onSnapshot(snapshot(clock.instant(), 80, 50));
            a.close();
            HistoryRecorder again = new HistoryRecorder(new MinuteAggregator("a", clock, () -> 1), store, clock);
            clock.set(T0.plus(Duration.ofMinutes(3)).plusSeconds(30));
            again.aggregator().onSnapshot(snapshot(clock.instant(), 20, 50));
            again.aggregator().recordDecision("RESIZE", "NORMAL", "LEVEL");
            clock.set(T0.plus(Duration.ofMinutes(4)).plusSeconds(1));
            assertThat(again.flush()).isEqualTo(1);
            List<HistoryRow> minute3 = store.find("a", T0.plus(Duration.ofMinutes(3)), T0.plus(Duration.ofMinutes(4)));
            assertThat(minute3).hasSize(1);
            assertThat(minute3.get(0).samples()).isEqualTo(2);
            assertThat(minute3.get(0).cpu().avg()).isEqualTo(50.0);
            assertThat(minute3.get(0).cpu().max()).isEqualTo(80.0);
            assertThat(minute3.get(0).decisions().resize()).isEqualTo(1);
            again.close();
            b.close();
        }
    }

    @Test
    void aRefusedWriteIsKeptAndWrittenOnTheNextFlush() {
        MutableClock clock = new MutableClock(T0);
        DatabaseSettings settings = DatabaseSettings.h2File(tmp.resolve("late"));
        org.h2.jdbcx.JdbcDataSource raw = new org.h2.jdbcx.JdbcDataSource();
        raw.setURL(settings.url());
        raw.setUser(settings.user());
        raw.setPassword(settings.password());
        HistoryStore store = new HistoryStore(raw);
        HistoryRecorder r = new HistoryRecorder(new MinuteAggregator("n", clock, () -> 0), store, clock);
        r.aggregator().onSnapshot(snapshot(clock.instant(), 10, 10));
        clock.set(T0.plusSeconds(61));
        assertThat(r.flush()).as("no table yet: the write fails, the minute is kept").isZero();
        try (Database db = Database.openAndMigrate(settings)) {
            r.aggregator().onSnapshot(snapshot(clock.instant(), 20, 10));
            clock.set(T0.plusSeconds(121));
            assertThat(r.flush()).as("the kept minute and the next one").isEqualTo(2);
            assertThat(store.find("n", T0, null)).extracting(HistoryRow::minute)
                    .containsExactly(T0, T0.plusSeconds(60));
        }
    }

    private static Snapshot snapshot(Instant at, double cpu, double memory) {
        return Snapshot.of(at, Duration.ofSeconds(3), List.of(
                Reading.percent(Resource.CPU, cpu, "host", at),
                Reading.percent(Resource.MEMORY, memory, "host", at),
                Reading.percent(Resource.DISK, 30, "nio", at)));
    }
}
