package ai.ringrift.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.InFlightRefire;
import ai.ringrift.db.deferral.PendingDeferral;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard_refire} with {@code guard_deferral} on H2 and PostgreSQL: a claim removes the
 * deferral and records its re-fire in flight in one transaction, only once; the re-fire's decision
 * settles it once (a second settle says "duplicate"), with the new deferral in the same
 * transaction when deferred again (nothing written for a duplicate); a re-fire taken over by
 * {@code reclaim} is taken once, and not when its action declines or its decision settled it.
 */
class RefireInFlightStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void onH2() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")))) {
            exercise(new DeferralStore(db.dataSource()));
        }
    }

    @Test
    void onPostgres() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
             Database db = Database.openAndMigrate(pg.settings())) {
            assertThat(db.vendor()).isEqualTo(Vendor.POSTGRESQL);
            exercise(new DeferralStore(db.dataSource()));
        }
    }

    private static void exercise(DeferralStore store) throws Exception {
        UUID d1 = UUID.randomUUID();
        store.put(deferral(d1, 1));
        InFlightRefire r1 = inFlight(d1, "n1", T0);

        // the claim: once, atomically
        assertThat(store.claim("g", "job", d1, r1)).isTrue();
        assertThat(store.claim("g", "job", d1, inFlight(d1, "n2", T0))).as("a second claim").isFalse();
        assertThat(store.find("g", "job")).isEmpty();
        assertThat(store.refireInFlight(d1.toString())).isTrue();
        assertThat(store.inFlight(T0.plusSeconds(1), 10)).singleElement().satisfies(f -> {
            assertThat(f.data()).containsEntry("ringrift.guard.refire", d1.toString()).containsEntry("p", "v");
            assertThat(f.nodeId()).isEqualTo("n1");
            assertThat(f.attempt()).isEqualTo(1);
        });
        assertThat(store.inFlight(T0, 10)).as("claimed at T0, not before").isEmpty();

        // taken over: once; not while the action declines (its trigger is still there)
        InFlightRefire read = store.inFlight(T0.plusSeconds(10), 10).get(0);
        assertThat(store.reclaim(read, "n3", T0.plusSeconds(10), () -> false)).isFalse();
        AtomicInteger fired = new AtomicInteger();
        assertThat(store.reclaim(read, "n3", T0.plusSeconds(10), () -> fired.incrementAndGet() > 0)).isTrue();
        assertThat(store.reclaim(read, "n2", T0.plusSeconds(11), () -> fired.incrementAndGet() > 0))
                .as("as read before the take-over: taken already").isFalse();
        assertThat(fired).hasValue(1);
        assertThat(store.inFlight(T0.plusSeconds(20), 10)).singleElement().satisfies(f -> {
            assertThat(f.nodeId()).isEqualTo("n3");
            assertThat(f.refired()).isEqualTo(1);
        });

        // re-deferred: the new deferral and the settle in one transaction; a duplicate writes nothing
        UUID d2 = UUID.randomUUID();
        assertThat(store.replace(deferral(d2, 2), d1.toString())).isEmpty();
        assertThat(store.refireInFlight(d1.toString())).isFalse();
        assertThat(store.find("g", "job")).map(PendingDeferral::jobrunrId).contains(d2);
        UUID d3 = UUID.randomUUID();
        assertThatThrownBy(() -> store.replace(deferral(d3, 2), d1.toString()))
                .isInstanceOf(DeferralStore.RefireSettledException.class);
        assertThat(store.find("g", "job")).map(PendingDeferral::jobrunrId).contains(d2);

        // claimed again, then admitted: settled once; a second fire of it is a duplicate
        assertThat(store.claim("g", "job", d2, inFlight(d2, "n2", T0.plusSeconds(30)))).isTrue();
        assertThat(store.refireDecided(d2.toString())).isTrue();
        assertThat(store.refireDecided(d2.toString())).isFalse();
        assertThat(store.reclaim(inFlight(d2, "n2", T0.plusSeconds(30)), "n1", T0.plusSeconds(40), () -> true))
                .as("settled: nothing to take over").isFalse();
        assertThat(store.inFlightCount()).isZero();
        assertThat(store.find("g", "job")).isEqualTo(Optional.empty());
    }

    private static PendingDeferral deferral(UUID id, int attempt) {
        return new PendingDeferral("g", "job", id, attempt, "NORMAL", "deferred", "n1", 7L, T0, T0,
                T0.plus(Duration.ofSeconds(2)));
    }

    private static InFlightRefire inFlight(UUID id, String node, Instant at) {
        return new InFlightRefire(id.toString(), "g", "job", 1, 5, Map.of("p", "v", "ringrift.guard.refire",
                id.toString()), node, at, 0);
    }
}
