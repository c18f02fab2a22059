package ai.ringrift.guard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.cap.CapLeaseStore;
import ai.ringrift.guard.caps.CapRule;
import ai.ringrift.guard.caps.CapsSettings;
import ai.ringrift.guard.caps.FleetCaps;
import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.MutableClock;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caps and the hand-off inside the one pipeline, with real caps on H2: over the cap a fire is
 * DEFERred with reason CAP and a sentence naming the cap; shadow mode runs it and says so; the
 * slot comes back at the outcome, when another listener vetoes the fire, and when the admitted
 * fire cannot take effect. A deferral for the node's own pressure is due at once while the
 * registry names a node with room, else after the backoff; a re-fire handed off again does not
 * count an attempt.
 */
class CapsAndHandoffPipelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(PipelineFakes.snapshot(T0, 40));
    private final PipelineFakes.Audit audit = new PipelineFakes.Audit();
    private final PipelineFakes.Store store = new PipelineFakes.Store();
    private final PipelineFakes.Port port = new PipelineFakes.Port(audit);
    private final AtomicReference<Optional<String>> room = new AtomicReference<>(Optional.empty());
    private Database db;
    private FleetCaps caps;
    private DecisionEngine engine;

    @BeforeEach
    void open() {
        db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")));
    }

    @AfterEach
    void close() {
        if (caps != null) {
            caps.close();
        }
        db.close();
    }

    private GuardPipeline pipeline(EngineSettings policy) {
        engine = new DecisionEngine(policy, BreakerSettings.DEFAULTS, new SpawnRateSettings(1_000_000, 1_000_000, true),
                clock);
        caps = new FleetCaps(new CapsSettings(List.of(new CapRule("sp", "selfplay*", 2, 3, 0, 5)),
                Duration.ofSeconds(30)), new CapLeaseStore(db.dataSource()), "node-a", clock);
        return GuardPipeline.builder()
                .nodeId("node-a")
                .snapshots(snapshot::get)
                .engine(engine)
                .audit(audit)
                .rows(new AuditRows("hash"))
                .deferrals(store)
                .caps(caps)
                .handoff(r -> room.get())
                .backoff(new Backoff(new DeferralSettings(Duration.ofSeconds(30), 2, Duration.ofMinutes(15), 0, 3)))
                .clock(clock)
                .random(() -> 0.5)
                .build();
    }

    private static FireRequest fire(String job, Priority p, int attempt) {
        return new FireRequest("g", job, JobDeclaration.of(p, ResourceNeeds.NONE), null, attempt, FireSource.QUARTZ,
                job + "-fire", attempt == 0 ? null : T0.minusSeconds(60), 5, Map.of(), null);
    }

    private FireOutcomes outcomes() {
        return new FireOutcomes("node-a", audit, engine, clock, caps);
    }

    @Test
    void overTheNodeCapTheFireIsDeferredWithReasonCapAndTheOutcomeGivesTheSlotBack() {
        GuardPipeline pipeline = pipeline(EngineSettings.DEFAULTS);
        Verdict a = pipeline.fire(fire("selfplay-1", Priority.NORMAL, 0), port);
        Verdict b = pipeline.fire(fire("selfplay-2", Priority.HIGH, 0), port);
        Verdict c = pipeline.fire(fire("selfplay-3", Priority.NORMAL, 0), port);
        assertThat(List.of(a.runs(), b.runs(), c.runs())).containsExactly(true, true, false);
        assertThat(audit.decisions()).containsExactly("ALLOW/LEVEL", "ALLOW/LEVEL", "DEFER/CAP");
        assertThat(audit.last().reason()).isEqualTo("selfplay-3 (NORMAL) deferred: cap 'sp' reached on this node: "
                + "2 of at most 2 per node running (caps sp.perNode)");
        assertThat(audit.last().deferUntil()).as("the backoff").isEqualTo(T0.plusSeconds(30));
        assertThat(store.stored).hasSize(1);
        assertThat(pipeline.fire(fire("train", Priority.NORMAL, 0), port).runs()).as("a job no cap covers").isTrue();

        outcomes().finished(a.key(), "g", "selfplay-1", a.reservationId(), T0, null, null);
        assertThat(caps.heldHere()).containsEntry("sp", 1);
        assertThat(pipeline.fire(fire("selfplay-3", Priority.NORMAL, 1), port).runs()).isTrue();
    }

    @Test
    void aVetoedOrFailedFireGivesItsSlotBack() {
        GuardPipeline pipeline = pipeline(EngineSettings.DEFAULTS);
        Verdict a = pipeline.fire(fire("selfplay-1", Priority.NORMAL, 0), port);
        outcomes().abandoned(a.key(), "selfplay-1", a.reservationId()); // another trigger listener vetoed it
        assertThat(caps.heldHere()).containsEntry("sp", 0);

        audit.failNext = 2; // neither the decision nor the fail policy's row can be written
        Verdict held = pipeline.fire(fire("selfplay-2", Priority.NORMAL, 0), port);
        assertThat(held.runs()).isFalse();
        assertThat(caps.heldHere()).as("nothing acts unaudited, and the slot goes back").containsEntry("sp", 0);
    }

    @Test
    void shadowModeRunsTheFireAndSaysTheCapWouldHaveDeferredIt() {
        GuardPipeline pipeline = pipeline(EngineSettings.DEFAULTS.withShadow(true));
        pipeline.fire(fire("selfplay-1", Priority.NORMAL, 0), port);
        pipeline.fire(fire("selfplay-2", Priority.NORMAL, 0), port);
        Verdict v = pipeline.fire(fire("selfplay-3", Priority.NORMAL, 0), port);
        assertThat(v.runs()).isTrue();
        assertThat(audit.decisions()).containsExactly("ALLOW/SHADOW", "ALLOW/SHADOW", "ALLOW/SHADOW");
        assertThat(audit.last().reason()).startsWith("[shadow mode: allowed] selfplay-3 (NORMAL) deferred: cap 'sp'");
        assertThat(v.decision().wouldBeReason().name()).isEqualTo("CAP");
        assertThat(caps.heldHere()).as("the shadow fire over the cap holds no slot").containsEntry("sp", 2);
    }

    @Test
    void aDeferralForTheNodesOwnPressureIsDueAtOnceWhileAnotherNodeHasRoom() {
        GuardPipeline pipeline = pipeline(EngineSettings.DEFAULTS);
        snapshot.set(PipelineFakes.snapshot(T0, 58)); // level 1: BACKGROUND deferred
        Verdict backoff = pipeline.fire(fire("cleanup", Priority.BACKGROUND, 0), port);
        assertThat(audit.last().deferUntil()).as("no node with room: the backoff").isEqualTo(T0.plusSeconds(30));
        assertThat(backoff.deferral().runAt()).isEqualTo(T0.plusSeconds(30));

        room.set(Optional.of("node-b"));
        Verdict now = pipeline.fire(fire("cleanup", Priority.BACKGROUND, 0), port);
        assertThat(now.deferral().runAt()).isEqualTo(T0);
        assertThat(audit.last().deferUntil()).isEqualTo(T0);
        assertThat(audit.last().reasonCode()).isEqualTo("LEVEL");
        assertThat(audit.last().reason()).endsWith("; handed to the fleet at once (node-b has room)");
        assertThat(store.stored.get(1).attempt()).isEqualTo(1);

        // the re-fire came back to this node, still pressured: handed off again, the attempt not counted
        Verdict again = pipeline.fire(fire("cleanup", Priority.BACKGROUND, 1), port);
        assertThat(again.deferral().runAt()).isEqualTo(T0);
        assertThat(store.stored.get(2).attempt()).isEqualTo(1);
        assertThat(audit.last().reason()).endsWith("(node-b has room, not counted as an attempt)");
        // at the last attempt a hand-off is not dropped as expired
        assertThat(pipeline.fire(fire("cleanup", Priority.BACKGROUND, 3), port).decisionName()).isEqualTo("DEFER");

        // a deferral for another reason (a cap) keeps the backoff
        snapshot.set(PipelineFakes.snapshot(T0, 40));
        pipeline.fire(fire("selfplay-1", Priority.NORMAL, 0), port);
        pipeline.fire(fire("selfplay-2", Priority.NORMAL, 0), port);
        Verdict capped = pipeline.fire(fire("selfplay-3", Priority.NORMAL, 0), port);
        assertThat(capped.deferral().runAt()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void aRegistryThatCannotTellKeepsTheBackoff() {
        GuardPipeline pipeline = GuardPipeline.builder().nodeId("node-a").snapshots(snapshot::get)
                .engine(DecisionEngine.withDefaults(clock)).audit(audit).rows(new AuditRows("hash")).deferrals(store)
                .handoff(r -> {
                    throw new IllegalStateException("registry down");
                })
                .backoff(new Backoff(new DeferralSettings(Duration.ofSeconds(30), 2, Duration.ofMinutes(15), 0, 3)))
                .clock(clock).random(() -> 0.5).build();
        snapshot.set(PipelineFakes.snapshot(T0, 58));
        Verdict v = pipeline.fire(fire("cleanup", Priority.BACKGROUND, 0), port);
        assertThat(v.deferral().runAt()).isEqualTo(T0.plusSeconds(30));
    }
}
