package ai.ringrift.db.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every filter and the keyset paging return exactly the rows an in-memory filter of the same data returns. */
class AuditQueryTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final List<String> JOBS = List.of("selfplay-a", "selfplay-b", "selfplay_x", "training", "sync%data");
    static final List<String> DECISIONS = List.of("ALLOW", "RESIZE", "DEFER", "VETO", "SUPERSEDED", "EXPIRED");
    static final List<String> PRIORITIES = List.of("BACKGROUND", "LOW", "NORMAL", "HIGH", "CRITICAL");
    static final Comparator<DecisionRow> NEWEST_FIRST = Comparator.comparing(DecisionRow::decidedAt)
            .thenComparing(DecisionRow::nodeId).thenComparingLong(DecisionRow::seq).reversed();

    @TempDir
    static Path tmp;
    static Database db;
    static AuditQuery query;
    static final List<DecisionRow> ALL = new ArrayList<>();

    @BeforeAll
    static void fill() {
        db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")));
        for (String node : List.of("node-a", "node-b")) {
            try (AuditLog log = new AuditLog(db.dataSource(), AuditLogSettings.defaults(tmp.resolve("spool"))
                    .withNodeId(node))) {
                for (int i = 0; i < 90; i++) {
                    // several rows share a timestamp, so paging must break ties on node and seq
                    DecisionRow r = AuditRows.decision(JOBS.get(i % JOBS.size()), DECISIONS.get(i % DECISIONS.size()),
                            PRIORITIES.get(i % PRIORITIES.size()), T0.plusSeconds(60L * (i / 3)));
                    long seq = log.record(r);
                    ALL.add(r.withNodeAndSeq(node, seq));
                }
            }
        }
        query = new AuditQuery(db.dataSource());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static List<DecisionRow> expected(Predicate<DecisionRow> p, int limit) {
        return ALL.stream().filter(p).sorted(NEWEST_FIRST).limit(limit).toList();
    }

    @Test
    void noFilterReturnsNewestFirstUpToTheLimit() {
        assertThat(query.find(AuditFilter.builder().build()).rows()).isEqualTo(expected(r -> true, 100));
        assertThat(query.find(AuditFilter.builder().limit(10_000).build()).rows()).hasSize(180)
                .isEqualTo(expected(r -> true, 10_000));
    }

    @Test
    void timeWindow() {
        Instant since = T0.plus(Duration.ofMinutes(5));
        Instant until = T0.plus(Duration.ofMinutes(12));
        assertThat(query.find(AuditFilter.builder().since(since).until(until).limit(1000).build()).rows())
                .isNotEmpty()
                .isEqualTo(expected(r -> !r.decidedAt().isBefore(since) && r.decidedAt().isBefore(until), 1000));
    }

    @Test
    void jobNameExactAndPrefix() {
        assertThat(query.find(AuditFilter.builder().jobName("training").limit(1000).build()).rows())
                .hasSize(36).isEqualTo(expected(r -> r.jobName().equals("training"), 1000));
        assertThat(query.find(AuditFilter.builder().jobName("selfplay*").limit(1000).build()).rows())
                .hasSize(108).isEqualTo(expected(r -> r.jobName().startsWith("selfplay"), 1000));
        // '_' and '%' in a prefix are literal, not LIKE wildcards
        assertThat(query.find(AuditFilter.builder().jobNamePrefix("selfplay_").limit(1000).build()).rows())
                .isEqualTo(expected(r -> r.jobName().equals("selfplay_x"), 1000));
        assertThat(query.find(AuditFilter.builder().jobName("sync%*").limit(1000).build()).rows())
                .isEqualTo(expected(r -> r.jobName().equals("sync%data"), 1000));
        assertThat(query.find(AuditFilter.builder().jobName("selfplay").build()).rows()).isEmpty();
    }

    @Test
    void decisionsPrioritiesReasonCodeAndNode() {
        assertThat(query.find(AuditFilter.builder().decision("defer", "VETO").limit(1000).build()).rows())
                .hasSize(60).isEqualTo(expected(r -> r.decision().equals("DEFER") || r.decision().equals("VETO"), 1000));
        assertThat(query.find(AuditFilter.builder().priority("HIGH").limit(1000).build()).rows())
                .hasSize(36).isEqualTo(expected(r -> r.priority().equals("HIGH"), 1000));
        assertThat(query.find(AuditFilter.builder().reasonCode("OK").limit(1000).build()).rows())
                .hasSize(30).isEqualTo(expected(r -> r.reasonCode().equals("OK"), 1000));
        assertThat(query.find(AuditFilter.builder().nodeId("node-b").limit(1000).build()).rows())
                .hasSize(90).isEqualTo(expected(r -> r.nodeId().equals("node-b"), 1000));
        assertThat(query.find(AuditFilter.builder().nodeId("node-a").decision("RESIZE").priority("LOW", "CRITICAL")
                .jobName("selfplay*").limit(1000).build()).rows())
                .isEqualTo(expected(r -> r.nodeId().equals("node-a") && r.decision().equals("RESIZE")
                        && (r.priority().equals("LOW") || r.priority().equals("CRITICAL"))
                        && r.jobName().startsWith("selfplay"), 1000));
    }

    @Test
    void keysetPagingVisitsEveryRowOnceInOrder() {
        AuditFilter filter = AuditFilter.builder().decision("ALLOW", "DEFER", "VETO").limit(7).build();
        List<DecisionRow> seen = new ArrayList<>();
        Page page = query.find(filter);
        int pages = 1;
        while (page.hasNext()) {
            seen.addAll(page.rows());
            assertThat(page.rows()).hasSize(7);
            AuditCursor next = AuditCursor.parse(page.next().token());
            page = query.find(filter.withAfter(next));
            pages++;
        }
        seen.addAll(page.rows());
        List<DecisionRow> all = expected(r -> List.of("ALLOW", "DEFER", "VETO").contains(r.decision()), 1000);
        assertThat(seen).isEqualTo(all);
        assertThat(pages).isEqualTo((all.size() + 6) / 7);
    }

    @Test
    void valuesThatLookLikeSqlMatchNothingAndBreakNothing() {
        List<String> evil = List.of("x' OR '1'='1", "'; DROP TABLE guard_decision; --", "selfplay-a' --",
                "\" OR 1=1 --", "ALLOW') OR ('1'='1", "%", "_");
        for (String v : evil) {
            assertThat(query.find(AuditFilter.builder().jobName(v).build()).rows()).as(v).isEmpty();
            assertThat(query.find(AuditFilter.builder().jobNamePrefix(v).build()).rows()).as(v).isEmpty();
            assertThat(query.find(AuditFilter.builder().decision(v).build()).rows()).as(v).isEmpty();
            assertThat(query.find(AuditFilter.builder().priority(v).build()).rows()).as(v).isEmpty();
            assertThat(query.find(AuditFilter.builder().reasonCode(v).build()).rows()).as(v).isEmpty();
            assertThat(query.find(AuditFilter.builder().nodeId(v).build()).rows()).as(v).isEmpty();
            assertThat(query.find(AuditFilter.builder().after(new AuditCursor(T0.plusSeconds(99_999), v, 5)).limit(1)
                    .build()).rows()).as(v).hasSize(1);
        }
        assertThat(query.find(AuditFilter.builder().limit(10_000).build()).rows()).hasSize(ALL.size());
    }

    @Test
    void summaryCountsByDecisionAndPriority() {
        Instant since = T0.plus(Duration.ofMinutes(3));
        Instant until = T0.plus(Duration.ofMinutes(20));
        Summary s = query.summary(since, until);
        List<DecisionRow> in = expected(r -> !r.decidedAt().isBefore(since) && r.decidedAt().isBefore(until), 1000);
        assertThat(s.total()).isEqualTo(in.size());
        for (String d : DECISIONS) {
            assertThat(s.count(d)).as(d).isEqualTo(in.stream().filter(r -> r.decision().equals(d)).count());
            for (String p : PRIORITIES) {
                assertThat(s.count(d, p)).as(d + "/" + p).isEqualTo(
                        in.stream().filter(r -> r.decision().equals(d) && r.priority().equals(p)).count());
            }
        }
        for (String p : PRIORITIES) {
            assertThat(s.byPriority().getOrDefault(p, 0L)).isEqualTo(in.stream().filter(r -> r.priority().equals(p)).count());
        }
    }

    @Test
    void badFilterArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> AuditFilter.builder().limit(10_001).build()).hasMessageContaining("limit must be 1..10000");
        assertThatThrownBy(() -> AuditFilter.builder().since(T0).until(T0).build()).hasMessageContaining("must be before");
        assertThatThrownBy(() -> AuditCursor.parse("garbage")).hasMessageContaining("<ISO instant>|<seq>|<node id>");
        assertThatThrownBy(() -> AuditCursor.parse("2026-01-01T00:00:00Z|x|n")).hasMessageContaining("bad audit cursor");
    }
}
