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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's in-transaction phase ({@link GuardPipeline#admitWithin}, {@link GuardPipeline#act}):
 * which fires it decides there, that the row goes to the transaction and not to the trail, that a
 * row the transaction does not take holds nothing, and that acting on an admitted fire is the
 * ordinary action (port, sinks) with the same key.
 */
class AdmitWithinPipelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(PipelineFakes.snapshot(T0, 40));
    private final PipelineFakes.Audit audit = new PipelineFakes.Audit();
    private final PipelineFakes.Store store = new PipelineFakes.Store();
    private final PipelineFakes.Sink sink = new PipelineFakes.Sink();
    private final PipelineFakes.Port port = new PipelineFakes.Port(audit);
    /** Spawn rate 1 per minute, burst 1: a second admitted fire within the minute is deferred. */
    private final DecisionEngine engine = new DecisionEngine(EngineSettings.DEFAULTS, BreakerSettings.DEFAULTS,
            new SpawnRateSettings(1, 1, true), clock);
    private final GuardPipeline pipeline = GuardPipeline.builder()
            .nodeId("node-a")
            .snapshots(snapshot::get)
            .engine(engine)
            .audit(audit)
            .rows(new AuditRows("hash"))
            .deferrals(store)
            .backoff(new Backoff(new DeferralSettings(Duration.ofSeconds(30), 2, Duration.ofMinutes(15), 0, 3)))
            .sink(sink)
            .clock(clock)
            .random(() -> 0.5)
            .build();

    /** The job store's transaction: takes rows (numbered from 100) unless told not to. */
    private static final class Tx implements InTransaction {
        final List<DecisionRow> rows = new CopyOnWriteArrayList<>();
        boolean refuse;

        @Override
        public long record(DecisionRow row) {
            if (refuse) {
                return 0;
            }
            rows.add(row);
            return 100 + rows.size();
        }
    }

    private static FireRequest fire(Priority p, int attempt) {
        return new FireRequest("g", "job", JobDeclaration.of(p, ResourceNeeds.NONE), null, attempt, FireSource.QUARTZ,
                "fire-1", attempt == 0 ? null : T0.minusSeconds(60), 5, Map.of(), null);
    }

    @Test
    void anAdmittedFreshFireIsWrittenInTheTransactionAndActedOnLater() {
        Tx tx = new Tx();
        Optional<Admitted> a = pipeline.admitWithin(fire(Priority.NORMAL, 0), tx);
        assertThat(a).isPresent();
        assertThat(tx.rows).extracting(DecisionRow::decision).containsExactly("ALLOW");
        assertThat(tx.rows.get(0).fireInstanceId()).isEqualTo("fire-1");
        assertThat(audit.rows).as("nothing committed on its own").isEmpty();
        assertThat(port.actions).as("nothing acts before the transaction commits").isEmpty();
        assertThat(sink.decisions).isEmpty();

        Verdict v = pipeline.act(a.get(), port);
        assertThat(v.runs()).isTrue();
        assertThat(v.key()).isEqualTo(new DecisionKey("node-a", 101));
        assertThat(port.actions).containsExactly("admit:ALLOW");
        assertThat(sink.decisions).containsExactly("ALLOW/LEVEL");
        assertThat(audit.rows).isEmpty();
    }

    @Test
    void aFireTheEngineDoesNotAdmitTakesTheOrdinaryWayAndHoldsNothing() {
        Tx tx = new Tx();
        assertThat(pipeline.admitWithin(fire(Priority.NORMAL, 0), tx)).isPresent(); // takes the one token
        assertThat(pipeline.admitWithin(fire(Priority.NORMAL, 0), tx)).as("spawn rate: deferred").isEmpty();
        snapshot.set(PipelineFakes.snapshot(T0, 58)); // level 1: BACKGROUND is deferred
        assertThat(pipeline.admitWithin(fire(Priority.BACKGROUND, 0), tx)).isEmpty();
        assertThat(tx.rows).hasSize(1);
        assertThat(audit.rows).isEmpty();
    }

    @Test
    void reFiresAndUnreadableFiresAreNotDecidedInTheTransaction() {
        Tx tx = new Tx();
        assertThat(pipeline.admitWithin(fire(Priority.NORMAL, 1), tx)).isEmpty();
        FireRequest unreadable = FireRequest.unreadable("g", "job", FireSource.QUARTZ, "fire-2", 0, null, 5, Map.of(),
                new IllegalArgumentException("bad priority"));
        assertThat(pipeline.admitWithin(unreadable, tx)).isEmpty();
        assertThat(tx.rows).isEmpty();
        // the one spawn token is still there: nothing was reserved
        assertThat(pipeline.admitWithin(fire(Priority.NORMAL, 0), tx)).isPresent();
    }

    @Test
    void aRowTheTransactionRefusesGivesTheReservationBack() {
        Tx tx = new Tx();
        tx.refuse = true;
        assertThat(pipeline.admitWithin(fire(Priority.NORMAL, 0), tx)).isEmpty();
        tx.refuse = false;
        // the spawn token taken by the refused decision came back: the next fire is admitted
        assertThat(pipeline.admitWithin(fire(Priority.NORMAL, 0), tx)).isPresent();
    }

    @Test
    void anAbandonedAdmissionGivesItsReservationBack() {
        Tx tx = new Tx();
        Admitted a = pipeline.admitWithin(fire(Priority.NORMAL, 0), tx).orElseThrow();
        pipeline.abandon(a); // the job store's transaction rolled back
        assertThat(pipeline.admitWithin(fire(Priority.NORMAL, 0), tx)).isPresent();
    }

    @Test
    void anAdmittedFireThatNeverRanGetsAnOutcomeSayingSo() {
        Tx tx = new Tx();
        Admitted a = pipeline.admitWithin(fire(Priority.NORMAL, 0), tx).orElseThrow();
        pipeline.notRun(a, "no job instance");
        assertThat(audit.outcomes).hasSize(1);
        assertThat(audit.outcomes.get(0).decisionSeq()).isEqualTo(101);
        assertThat(audit.outcomes.get(0).success()).isFalse();
        assertThat(audit.outcomes.get(0).errorClass()).isEqualTo(GuardPipeline.NOT_RUN);
        assertThat(pipeline.admitWithin(fire(Priority.NORMAL, 0), tx)).as("reservation given back").isPresent();
    }

    @Test
    void aPortThatThrowsOnAnAdmittedFireIsCorrectedUnderTheFailPolicy() {
        Tx tx = new Tx();
        Admitted a = pipeline.admitWithin(fire(Priority.NORMAL, 0), tx).orElseThrow();
        port.throwOnAdmit = true;
        Verdict v = pipeline.act(a, port);
        // NORMAL's default fail policy holds the fire back: a correcting GUARD_ERROR row is the last word
        assertThat(audit.decisions()).containsExactly("VETO/GUARD_ERROR");
        assertThat(audit.last().fireInstanceId()).isEqualTo("fire-1");
        assertThat(v.runs()).isFalse();
        assertThat(pipeline.admitWithin(fire(Priority.NORMAL, 0), tx)).as("reservation given back").isPresent();
    }
}
