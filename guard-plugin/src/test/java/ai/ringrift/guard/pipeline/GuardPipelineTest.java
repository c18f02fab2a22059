package ai.ringrift.guard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.policy.Action;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.FailPolicy;
import ai.ringrift.guard.policy.MutableClock;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline with a fake framework port, fake deferral stores and a fake audit trail: the
 * order decide, fail policy, maxDeferrals, audit commit, act, sinks; store fallback; corrections.
 */
class GuardPipelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Memory 58 % of 80 %: level 1, where BACKGROUND work is deferred and the rest runs. */
    private static final double LEVEL_1 = 58;

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(PipelineFakes.snapshot(T0, 40));
    private final PipelineFakes.Audit audit = new PipelineFakes.Audit();
    private final PipelineFakes.Store primary = new PipelineFakes.Store();
    private final PipelineFakes.Store fallback = new PipelineFakes.Store();
    private final PipelineFakes.Sink sink = new PipelineFakes.Sink();
    private final PipelineFakes.Port port = new PipelineFakes.Port(audit);
    private GuardPipeline pipeline;

    @BeforeEach
    void build() {
        pipeline = pipeline(EngineSettings.DEFAULTS, 3);
    }

    private GuardPipeline pipeline(EngineSettings policy, int maxDeferrals) {
        DecisionEngine engine = new DecisionEngine(policy, BreakerSettings.DEFAULTS,
                new SpawnRateSettings(1_000_000, 1_000_000, true), clock);
        return GuardPipeline.builder()
                .nodeId("node-a")
                .snapshots(snapshot::get)
                .engine(engine)
                .audit(audit)
                .rows(new AuditRows("hash"))
                .deferrals(new FallbackDeferrals(primary, fallback))
                .backoff(new Backoff(new DeferralSettings(Duration.ofSeconds(30), 2, Duration.ofMinutes(15), 0,
                        maxDeferrals)))
                .sink(sink)
                .clock(clock)
                .random(() -> 0.5)
                .build();
    }

    private static FireRequest fire(Priority p, int attempt) {
        return new FireRequest("g", "job", JobDeclaration.of(p, ResourceNeeds.NONE), null, attempt, FireSource.QUARTZ,
                "fire-1", attempt == 0 ? null : T0.minusSeconds(60), 5, Map.of("k", "v"), null);
    }

    private void level1() {
        snapshot.set(PipelineFakes.snapshot(T0, LEVEL_1));
    }

    @Test
    void anAdmittedFireActsOnlyAfterItsRowIsCommitted() {
        Verdict v = pipeline.fire(fire(Priority.NORMAL, 0), port);
        assertThat(v.runs()).isTrue();
        assertThat(audit.decisions()).containsExactly("ALLOW/LEVEL");
        assertThat(port.actions).containsExactly("admit:ALLOW");
        assertThat(port.rowsWhenActed).isEqualTo(1);
        assertThat(v.key()).isEqualTo(new DecisionKey("node-a", 1));
        assertThat(sink.decisions).containsExactly("ALLOW/LEVEL");
    }

    @Test
    void aDeferralGoesToTheDefaultStoreWithTheBackoffTime() {
        level1();
        Verdict v = pipeline.fire(fire(Priority.BACKGROUND, 0), port);
        assertThat(v.runs()).isFalse();
        assertThat(v.deferral().kind()).isEqualTo(DeferralOutcome.Kind.STORED);
        assertThat(primary.stored).hasSize(1);
        assertThat(primary.stored.get(0).attempt()).isEqualTo(1);
        assertThat(primary.stored.get(0).decisionSeq()).isEqualTo(1);
        assertThat(fallback.stored).isEmpty();
        assertThat(audit.decisions()).containsExactly("DEFER/LEVEL");
        // one backoff rule: 30 s for the first deferral (the engine's level hint does not add to it)
        assertThat(audit.last().deferUntil()).isEqualTo(T0.plusSeconds(30));
        assertThat(port.actions).isEmpty();
    }

    @Test
    void whenTheStoreFailsTheFallbackHoldsTheDeferral() {
        level1();
        primary.throwing = true;
        Verdict v = pipeline.fire(fire(Priority.BACKGROUND, 0), port);
        assertThat(v.runs()).isFalse();
        assertThat(v.deferral().kind()).isEqualTo(DeferralOutcome.Kind.FALLBACK);
        assertThat(v.deferral().error()).contains("store throws");
        assertThat(fallback.stored).hasSize(1);
        assertThat(audit.decisions()).containsExactly("DEFER/LEVEL");
    }

    @Test
    void whenBothStoresFailTheFailPolicyDecidesAndACorrectingRowIsTheLastWord() {
        level1();
        primary.fail = true;
        fallback.fail = true;
        Verdict v = pipeline.fire(fire(Priority.BACKGROUND, 0), port);
        // BACKGROUND's fail policy is DEFER, which nothing can hold: the fire is held back
        assertThat(v.runs()).isFalse();
        assertThat(audit.decisions()).containsExactly("DEFER/LEVEL", "VETO/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("deferral could not be stored").contains("store down")
                .contains("held back by the fail policy");
        assertThat(audit.last().fireInstanceId()).isEqualTo("fire-1");
        assertThat(port.actions).containsExactly("veto:VETO");
        assertThat(port.rowsWhenActed).isEqualTo(2);
        assertThat(sink.decisions).containsExactly("DEFER/LEVEL", "VETO/GUARD_ERROR");
    }

    @Test
    void whenBothStoresFailAndTheFailPolicyAllowsTheFireRuns() {
        pipeline = pipeline(EngineSettings.DEFAULTS.withFailPolicy(
                FailPolicy.DEFAULTS.with(Priority.BACKGROUND, Action.ALLOW)), 3);
        level1();
        primary.fail = true;
        fallback.throwing = true;
        Verdict v = pipeline.fire(fire(Priority.BACKGROUND, 0), port);
        assertThat(v.runs()).isTrue();
        assertThat(audit.decisions()).containsExactly("DEFER/LEVEL", "ALLOW/GUARD_ERROR");
        assertThat(port.actions).containsExactly("admit:ALLOW");
        assertThat(port.rowsWhenActed).isEqualTo(2);
    }

    @Test
    void whenTheAuditRowCannotBeWrittenTheDecisionDoesNotTakeEffect() {
        audit.failNext = 1;
        Verdict v = pipeline.fire(fire(Priority.NORMAL, 0), port);
        // ALLOW could not be recorded: GUARD_ERROR under the fail policy (NORMAL: defer) instead
        assertThat(audit.decisions()).containsExactly("DEFER/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("audit row not written");
        assertThat(v.runs()).isFalse();
        assertThat(primary.stored).hasSize(1);
        assertThat(port.actions).isEmpty();
    }

    @Test
    void whenTheAuditLogTakesNoRowsNothingActs() {
        audit.failNext = -1;
        level1();
        Verdict v = pipeline.fire(fire(Priority.HIGH, 0), port);
        assertThat(v.runs()).isFalse();
        assertThat(audit.rows).isEmpty();
        assertThat(port.actions).containsExactly("veto:VETO");
        assertThat(primary.stored).isEmpty();
        assertThat(fallback.stored).isEmpty();
        assertThat(sink.decisions).isEmpty();
    }

    @Test
    void pastMaxDeferralsTheFireIsVetoedWithAnExpiredRowAndTheCounter() {
        level1();
        Verdict v = pipeline.fire(fire(Priority.BACKGROUND, 3), port);
        assertThat(v.runs()).isFalse();
        assertThat(audit.decisions()).containsExactly("VETO/LEVEL", "EXPIRED/LEVEL");
        assertThat(audit.rows.get(0).reason()).contains("dropped after 3 deferrals (deferral.maxDeferrals=3)");
        assertThat(audit.rows.get(1).attempt()).isEqualTo(3);
        assertThat(sink.expired).hasValue(1);
        assertThat(sink.decisions).containsExactly("VETO/LEVEL");
        assertThat(port.actions).containsExactly("veto:VETO");
        assertThat(primary.stored).isEmpty();
    }

    @Test
    void aFreshSnapshotWithoutMemoryIsAGuardError() {
        snapshot.set(PipelineFakes.withoutMemory(T0));
        Verdict v = pipeline.fire(fire(Priority.HIGH, 0), port);
        assertThat(audit.decisions()).containsExactly("ALLOW/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("readings unavailable: memory (source threw: boom)");
        assertThat(v.runs()).isTrue();
    }

    @Test
    void aThrowingSnapshotProviderIsAGuardErrorUnderTheFailPolicy() {
        pipeline = GuardPipeline.builder().nodeId("node-a").snapshots(() -> {
            throw new IllegalStateException("sampler gone");
        }).engine(DecisionEngine.withDefaults(clock)).audit(audit).rows(new AuditRows("h"))
                .deferrals(primary).clock(clock).build();
        Verdict v = pipeline.fire(fire(Priority.NORMAL, 0), port);
        assertThat(audit.decisions()).containsExactly("DEFER/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("sampler gone");
        assertThat(v.runs()).isFalse();
        assertThat(primary.stored).hasSize(1);
    }

    @Test
    void anUnreadableFireIsAGuardError() {
        FireRequest bad = FireRequest.unreadable("g", "job", FireSource.JOBRUNR, "id-1", 0, null, 5, Map.of(),
                new IllegalArgumentException("unknown priority 'URGENT'"));
        Verdict v = pipeline.fire(bad, port);
        assertThat(audit.decisions()).containsExactly("DEFER/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("declaration cannot be read: unknown priority 'URGENT'");
        assertThat(audit.last().priority()).isEqualTo("NORMAL");
        assertThat(v.runs()).isFalse();
    }

    @Test
    void aPortThatThrowsIsCorrectedUnderTheFailPolicy() {
        port.throwOnAdmit = true;
        Verdict v = pipeline.fire(fire(Priority.NORMAL, 0), port);
        assertThat(audit.decisions()).containsExactly("ALLOW/LEVEL", "VETO/GUARD_ERROR");
        assertThat(audit.last().reason()).contains("cannot act on the decision").contains("read-only");
        assertThat(v.runs()).isFalse();
        assertThat(port.actions).containsExactly("veto:VETO");
    }

    @Test
    void anAdmittedFreshFireSupersedesThePendingDeferral() {
        primary.pending.add(new PendingDeferral("g", "job", UUID.randomUUID(), 2, "NORMAL", "deferred", "node-a", 7L,
                T0.minusSeconds(90), T0.minusSeconds(30), T0.plusSeconds(30)));
        Verdict v = pipeline.fire(fire(Priority.NORMAL, 0), port);
        assertThat(v.runs()).isTrue();
        assertThat(audit.decisions()).containsExactly("ALLOW/LEVEL", "SUPERSEDED/LEVEL");
        assertThat(primary.pending).isEmpty();
        assertThat(port.rowsWhenActed).isEqualTo(2);
    }
}
