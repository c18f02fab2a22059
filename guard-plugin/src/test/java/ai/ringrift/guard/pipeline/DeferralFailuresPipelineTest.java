package ai.ringrift.guard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.audit.DecisionRow;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's deferral paths that must never be silent: the fail policy "defer" when the audit
 * takes no row (a durable deferral, or a lost fire said and counted), a supersede the store cannot
 * answer, and spawn-rate deferrals that come back when their token is due, as their sentence says.
 */
class DeferralFailuresPipelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(PipelineFakes.snapshot(T0, 40));
    private final PipelineFakes.Audit audit = new PipelineFakes.Audit();
    private final PipelineFakes.Store primary = new PipelineFakes.Store();
    private final PipelineFakes.Store fallback = new PipelineFakes.Store();
    private final PipelineFakes.Sink sink = new PipelineFakes.Sink();
    private final PipelineFakes.Port port = new PipelineFakes.Port(audit);

    private GuardPipeline pipeline(SpawnRateSettings spawn) {
        return GuardPipeline.builder()
                .nodeId("node-a")
                .snapshots(snapshot::get)
                .engine(new DecisionEngine(EngineSettings.DEFAULTS, BreakerSettings.DEFAULTS, spawn, clock))
                .audit(audit)
                .rows(new AuditRows("hash"))
                .deferrals(new FallbackDeferrals(primary, fallback))
                .backoff(new Backoff(new DeferralSettings(Duration.ofSeconds(30), 2, Duration.ofMinutes(15), 0, 20)))
                .sink(sink)
                .clock(clock)
                .random(() -> 0.5)
                .build();
    }

    private static FireRequest fire(Priority p, int attempt, String id) {
        return new FireRequest("g", "job", JobDeclaration.of(p, ResourceNeeds.NONE), null, attempt, FireSource.QUARTZ,
                id, attempt == 0 ? null : T0, 5, Map.of(), null);
    }

    @Test
    void theFailPolicyDefersDurablyWhenTheAuditTakesNoRowAndSaysSo() {
        GuardPipeline p = pipeline(new SpawnRateSettings(1_000_000, 1_000_000, true));
        audit.failNext = -1; // the decision table and the spool take nothing
        Verdict v = p.fire(fire(Priority.NORMAL, 0, "f1"), port); // NORMAL: the fail policy defers
        assertThat(v.decisionName()).isEqualTo("DEFER");
        assertThat(v.runs()).isFalse();
        assertThat(primary.stored).hasSize(1);
        assertThat(primary.stored.get(0).attempt()).isEqualTo(1);
        assertThat(sink.failures).containsExactly(DeferralFailure.UNAUDITED);
    }

    @Test
    void whenEvenTheDeferralCannotBeStoredTheLostFireIsCounted() {
        GuardPipeline p = pipeline(new SpawnRateSettings(1_000_000, 1_000_000, true));
        audit.failNext = -1;
        primary.fail = true;
        fallback.fail = true;
        Verdict v = p.fire(fire(Priority.NORMAL, 0, "f1"), port);
        assertThat(v.runs()).isFalse();
        assertThat(port.actions).containsExactly("veto:VETO");
        assertThat(sink.failures).containsExactly(DeferralFailure.LOST);
    }

    @Test
    void aSupersedeTheStoreCannotAnswerIsReportedAndTheAdmittedFireStillRuns() {
        GuardPipeline p = pipeline(new SpawnRateSettings(1_000_000, 1_000_000, true));
        primary.supersedeThrows = true;
        Verdict v = p.fire(fire(Priority.NORMAL, 0, "f1"), port);
        assertThat(v.runs()).isTrue();
        assertThat(port.actions).containsExactly("admit:ALLOW");
        assertThat(audit.decisions()).containsExactly("ALLOW/LEVEL");
        assertThat(sink.failures).containsExactly(DeferralFailure.SUPERSEDE);
    }

    @Test
    void whenBothStoresFailTheFailureIsCountedWithTheCorrectingRow() {
        GuardPipeline p = pipeline(new SpawnRateSettings(1_000_000, 1_000_000, true));
        snapshot.set(PipelineFakes.snapshot(T0, 58)); // level 1: BACKGROUND is deferred
        primary.fail = true;
        fallback.fail = true;
        p.fire(fire(Priority.BACKGROUND, 0, "f1"), port);
        assertThat(audit.decisions()).containsExactly("DEFER/LEVEL", "VETO/GUARD_ERROR");
        assertThat(audit.last().reason()).startsWith("guard error after DEFER: BACKGROUND job held back by the fail "
                + "policy (deferral could not be stored");
        assertThat(sink.failures).containsExactly(DeferralFailure.STORE);
    }

    @Test
    void spawnRateDeferralsComeBackOneTokenApartWhenTheSentenceSays() {
        // 60 per minute, burst 5: 50 fires in one instant, 5 run, 45 wait one token (1 s) apart
        GuardPipeline p = pipeline(new SpawnRateSettings(60, 5, true));
        List<Instant> runAts = new ArrayList<>();
        int admitted = 0;
        for (int i = 0; i < 50; i++) {
            Verdict v = p.fire(fire(Priority.NORMAL, 0, "f" + i), port);
            if (v.runs()) {
                admitted++;
            } else {
                DecisionRow row = audit.last();
                assertThat(row.reasonCode()).isEqualTo("SPAWN_RATE");
                Matcher m = Pattern.compile("deferred ([0-9.]+) s").matcher(row.reason());
                assertThat(m.find()).as(row.reason()).isTrue();
                Duration said = Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000));
                assertThat(Duration.between(T0, row.deferUntil())).as("the sentence says when it runs").isEqualTo(said);
                runAts.add(row.deferUntil());
            }
        }
        assertThat(admitted).isEqualTo(5);
        assertThat(runAts).hasSize(45);
        for (int k = 0; k < runAts.size(); k++) {
            assertThat(runAts.get(k)).isEqualTo(T0.plusSeconds(k + 1));
        }
        // each comes back at its slot and finds its token: all 45 run within 45 s, none deferred again
        int reran = 0;
        for (int k = 0; k < runAts.size(); k++) {
            clock.set(runAts.get(k));
            snapshot.set(PipelineFakes.snapshot(runAts.get(k), 40));
            if (p.fire(fire(Priority.NORMAL, 1, "r" + k), port).runs()) {
                reran++;
            }
        }
        assertThat(reran).isEqualTo(45);
    }
}
