package ai.ringrift.guard.caps;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.cap.CapAttempt;
import ai.ringrift.db.cap.CapLeaseStore;
import ai.ringrift.guard.policy.MutableClock;
import ai.ringrift.testsupport.Ci;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet-wide caps on a real database: three nodes (three {@link FleetCaps} on one database, each
 * with its own store and pool) racing for the slots of one cap never pass the per-node or the
 * fleet limit, on H2 and on PostgreSQL; a node that stops renewing loses its slots one lease
 * later; the fleet-wide spawn rate; a restarted node drops the slots its earlier run left.
 */
class FleetCapsTest {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    static final CapRule SP = new CapRule("sp", "selfplay*", 2, 4, 0, 5);

    @TempDir
    Path tmp;

    @Test
    void racingNodesNeverPassTheNodeOrTheFleetLimitOnH2() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")).withPoolSize(16))) {
            race(db);
        }
    }

    @Test
    void racingNodesNeverPassTheNodeOrTheFleetLimitOnPostgres() throws Exception {
        String schema = "caps_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connectOrSkip()) {
            try (Statement s = admin.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            try (Database db = Database.openAndMigrate(new DatabaseSettings(PG + "?currentSchema=" + schema,
                    "postgres", "", 16))) {
                race(db);
            } finally {
                try (Statement s = admin.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /**
     * 3 nodes x 4 threads for 4 slots: in each round every thread asks for a slot at the same
     * moment and keeps what it gets; the slots granted (counted by the threads and in the table)
     * never pass 2 on a node or 4 in the fleet, and the fleet is full after every round.
     */
    private static void race(Database db) throws Exception {
        CapsSettings settings = new CapsSettings(List.of(SP), Duration.ofSeconds(30));
        int nodes = 3;
        int threadsPerNode = 4;
        int rounds = 15;
        AtomicLong ids = new AtomicLong();
        List<FleetCaps> caps = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            caps.add(new FleetCaps(settings, new CapLeaseStore(db.dataSource()), "node-" + n, Clock.systemUTC()));
        }
        CapLeaseStore table = new CapLeaseStore(db.dataSource());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                nodes * threadsPerNode);
        try {
            for (int round = 0; round < rounds; round++) {
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(
                        nodes * threadsPerNode);
                List<java.util.concurrent.Future<long[]>> asks = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    FleetCaps node = caps.get(n);
                    int me = n;
                    for (int t = 0; t < threadsPerNode; t++) {
                        asks.add(pool.submit(() -> {
                            long id = ids.incrementAndGet();
                            together.await();
                            CapCheck c = node.acquire("selfplay-" + id, id);
                            return new long[] {me, c.refused() ? 0 : id};
                        }));
                    }
                }
                int[] perNode = new int[nodes];
                List<long[]> granted = new ArrayList<>();
                for (var f : asks) {
                    long[] r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    if (r[1] != 0) {
                        perNode[(int) r[0]]++;
                        granted.add(r);
                    }
                }
                assertThat(granted).as("slots granted in round %d", round).hasSize(4);
                for (int n = 0; n < nodes; n++) {
                    assertThat(perNode[n]).as("slots of node-%d in round %d", n, round).isLessThanOrEqualTo(2);
                }
                assertThat(table.running("sp", System.currentTimeMillis()).values().stream()
                        .mapToInt(Integer::intValue).sum()).as("leases in the table").isEqualTo(4);
                for (long[] g : granted) {
                    caps.get((int) g[0]).release(g[1]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(table.running("sp", System.currentTimeMillis())).as("every slot given back").isEmpty();
        caps.forEach(FleetCaps::close);
    }

    @Test
    void aNodeThatStopsRenewingLosesItsSlotsOneLeaseLater() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")).withPoolSize(16))) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            CapsSettings settings = new CapsSettings(List.of(SP), Duration.ofSeconds(6));
            FleetCaps dead = new FleetCaps(settings, new CapLeaseStore(db.dataSource()), "dead", clock);
            FleetCaps live = new FleetCaps(settings, new CapLeaseStore(db.dataSource()), "live", clock);
            FleetCaps other = new FleetCaps(settings, new CapLeaseStore(db.dataSource()), "other", clock);
            assertThat(dead.acquire("selfplay-a", 1).refused()).isFalse();
            assertThat(dead.acquire("selfplay-b", 2).refused()).isFalse();
            assertThat(live.acquire("selfplay-c", 3).refused()).isFalse();
            assertThat(live.acquire("selfplay-d", 4).refused()).isFalse();
            CapCheck full = other.acquire("selfplay-e", 5);
            assertThat(full.refused()).isTrue();
            assertThat(full.attempt().refusal()).isEqualTo(CapAttempt.Refusal.FLEET);
            assertThat(full.sentence()).isEqualTo("cap 'sp' reached in the fleet: 4 of at most 4 running (caps sp.total)");
            CapCheck node = dead.acquire("selfplay-f", 6);
            assertThat(node.sentence()).isEqualTo("cap 'sp' reached on this node: 2 of at most 2 per node running "
                    + "(caps sp.perNode)");

            clock.advance(Duration.ofSeconds(4));
            live.renew(); // "dead" renews no more
            assertThat(other.acquire("selfplay-e", 7).refused()).as("within the lease").isTrue();
            clock.advance(Duration.ofSeconds(3)); // 7 s after dead's last renewal, lease 6 s
            CapCheck back = other.acquire("selfplay-e", 8);
            assertThat(back.refused()).as("the dead node's slots are free again").isFalse();
            assertThat(back.attempt().reclaimed()).isEqualTo(2);
            assertThat(new CapLeaseStore(db.dataSource()).running("sp", clock.millis()))
                    .containsOnlyKeys("live", "other");
        }
    }

    @Test
    void theFleetWideSpawnRateIsSharedByTheNodes() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")).withPoolSize(16))) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            CapRule rated = new CapRule("rated", "train-*", 10, 100, 60, 1);
            CapsSettings settings = new CapsSettings(List.of(rated), Duration.ofSeconds(30));
            FleetCaps a = new FleetCaps(settings, new CapLeaseStore(db.dataSource()), "a", clock);
            FleetCaps b = new FleetCaps(settings, new CapLeaseStore(db.dataSource()), "b", clock);
            assertThat(a.acquire("train-1", 1).refused()).isFalse();
            CapCheck c = b.acquire("train-2", 2);
            assertThat(c.refused()).as("one start per second in the whole fleet").isTrue();
            assertThat(c.attempt().waitMillis()).isEqualTo(1000);
            assertThat(c.sentence()).isEqualTo("cap 'rated' spawn rate reached: at most 60 starts per minute in the "
                    + "fleet (caps rated.perMinute), next in 1 s");
            clock.advance(Duration.ofSeconds(1));
            assertThat(b.acquire("train-2", 3).refused()).isFalse();
            assertThat(a.acquire("other-job", 4)).as("a job no cap covers").isSameAs(CapCheck.NOT_CAPPED);
        }
    }

    @Test
    void aRestartedNodeDropsTheSlotsOfItsEarlierRun() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")).withPoolSize(16))) {
            CapsSettings settings = new CapsSettings(List.of(SP), Duration.ofSeconds(30));
            FleetCaps first = new FleetCaps(settings, new CapLeaseStore(db.dataSource()), "n", Clock.systemUTC());
            first.acquire("selfplay-1", 1);
            first.acquire("selfplay-2", 2);
            try (FleetCaps again = new FleetCaps(settings, new CapLeaseStore(db.dataSource()), "n",
                    Clock.systemUTC()).start()) {
                assertThat(new CapLeaseStore(db.dataSource()).running("sp", System.currentTimeMillis())).isEmpty();
                assertThat(again.acquire("selfplay-3", 3).refused()).isFalse();
                assertThat(again.heldHere()).containsEntry("sp", 1);
            }
        }
    }

    private static Connection connectOrSkip() {
        try {
            return DriverManager.getConnection(PG, "postgres", "");
        } catch (SQLException e) {
            if (Ci.active()) {
                throw new IllegalStateException("PostgreSQL is required under CI at " + PG, e);
            }
            Assumptions.abort("no PostgreSQL at " + PG + ": " + e.getMessage());
            return null;
        }
    }
}
