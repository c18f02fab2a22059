package ai.ringrift.guard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.guard.api.ChildOutOfMemoryException;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.safety.BreakerState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** A fire that dies of out-of-memory is recorded as such and counts for its breaker. */
class OutOfMemoryOutcomeTest {

    private static final Instant T = Instant.parse("2026-02-01T00:00:00Z");
    private final List<OutcomeRow> outcomes = new CopyOnWriteArrayList<>();
    private final AuditTrail trail = new AuditTrail() {
        @Override
        public long record(DecisionRow row) {
            return 1;
        }

        @Override
        public void recordOutcome(OutcomeRow row) {
            outcomes.add(row);
        }
    };
    private final Clock clock = Clock.fixed(T, ZoneOffset.UTC);
    private final DecisionEngine engine = DecisionEngine.withDefaults(clock);
    private final FireOutcomes fires = new FireOutcomes("node-a", trail, engine, clock);

    @Test
    void theJobsOwnOutOfMemoryErrorAsQuartzWrapsIt() {
        // Quartz's JobRunShell wraps what execute() throws: JobExecutionException(SchedulerException(OOM))
        Throwable wrapped = new SchedulerException("Job threw an unhandled exception.",
                new OutOfMemoryError("Java heap space"));
        fires.finished(new DecisionKey("node-a", 7), "ringrift", "train", 0, T, wrapped, null);
        OutcomeRow row = outcomes.get(0);
        assertThat(row.success()).isFalse();
        assertThat(row.errorClass()).isEqualTo("java.lang.OutOfMemoryError");
        assertThat(row.errorMessage()).isEqualTo("out of memory: Java heap space");
        assertThat(row.outOfMemory()).isTrue();
        assertThat(row.summary()).isEqualTo("OOM");
    }

    @Test
    void aChildKilledWithExit137() {
        Throwable e = new JobExecutionException(new ChildOutOfMemoryException("selfplay worker", 4242));
        fires.finished(new DecisionKey("node-a", 8), "ringrift", "selfplay", 0, T, e, null);
        OutcomeRow row = outcomes.get(0);
        assertThat(row.errorClass()).isEqualTo(ChildOutOfMemoryException.class.getName());
        assertThat(row.errorMessage()).startsWith("out of memory: selfplay worker (pid 4242) was killed by SIGKILL");
        assertThat(row.outOfMemory()).isTrue();
    }

    @Test
    void otherFailuresAreNotOutOfMemory() {
        fires.finished(new DecisionKey("node-a", 9), "ringrift", "eval", 0, T,
                new IllegalStateException("worker exited with 3"), null);
        OutcomeRow row = outcomes.get(0);
        assertThat(row.outOfMemory()).isFalse();
        assertThat(row.summary()).isEqualTo("failed: IllegalStateException");
        assertThat(row.errorMessage()).isEqualTo("worker exited with 3");
    }

    @Test
    void outOfMemoryCountsForTheBreaker() {
        int needed = engine.breakers().config().consecutiveFailures();
        for (int i = 1; i <= needed; i++) {
            fires.finished(new DecisionKey("node-a", i), "ringrift", "selfplay", 0, T,
                    new ChildOutOfMemoryException("selfplay worker", 100 + i), null);
        }
        assertThat(engine.breakers().stateOf("selfplay", T.toEpochMilli())).isEqualTo(BreakerState.OPEN);
        assertThat(outcomes).hasSize(needed).allMatch(OutcomeRow::outOfMemory);
    }
}
