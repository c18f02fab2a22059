package ai.ringrift.guard.policy;

import static ai.ringrift.guard.policy.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every level x priority cell of DESIGN.md section 4, for a resizable and a fixed-size job. */
class LevelTableDecisionTest {

    // expected for a resizable job asking 1000 (min 10); "resize:N" = RESIZE to N
    private static final String[][] RESIZABLE = {
            // BACKGROUND LOW      NORMAL        HIGH     CRITICAL
            {"allow", "allow", "allow", "allow", "allow"},
            {"defer", "allow", "allow", "allow", "allow"},
            {"defer", "defer", "resize:500", "allow", "allow"},
            {"defer", "defer", "resize:250", "allow", "allow"},
            {"veto", "defer", "defer", "defer", "allow"},
    };
    // expected for a job without a resizable parameter
    private static final String[][] FIXED = {
            {"allow", "allow", "allow", "allow", "allow"},
            {"defer", "allow", "allow", "allow", "allow"},
            {"defer", "defer", "allow", "allow", "allow"},
            {"defer", "defer", "defer", "allow", "allow"},
            {"veto", "defer", "defer", "defer", "allow"},
    };

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (int level = 0; level < 5; level++) {
            for (Priority p : Priority.values()) {
                out.add(Arguments.of(level, p, true, RESIZABLE[level][p.rank()]));
                out.add(Arguments.of(level, p, false, FIXED[level][p.rank()]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "level {0} {1} resizable={2} -> {3}")
    @MethodSource("cells")
    void cell(int level, Priority priority, boolean resizable, String expected) {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine engine = Fixtures.engine(clock);
        Snapshot s = Fixtures.memory(T0, Fixtures.memoryForLevel(level));
        JobDeclaration decl = resizable ? Fixtures.resizable(priority, 10) : Fixtures.job(priority);
        GuardRequest req = new GuardRequest("selfplay", decl, resizable ? 1000 : null, 1);

        Decision d = engine.decide(req, s);

        assertThat(d.level()).isEqualTo(level);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.LEVEL);
        String[] parts = expected.split(":");
        assertThat(d.action().name().toLowerCase()).isEqualTo(parts[0]);
        if (parts.length > 1) {
            assertThat(d.grantedSize()).isEqualTo(Integer.parseInt(parts[1]));
            assertThat(d.sentence()).endsWith(priority + " selfplay resized num_games 1000 -> " + parts[1]);
        }
        if (d.action() == Action.DEFER) {
            assertThat(d.deferUntil()).isEqualTo(T0.plus(EngineSettings.DEFAULTS.deferHint()));
            assertThat(d.reservationId()).isZero();
        } else {
            assertThat(d.deferUntil()).isNull();
        }
        if (d.admitted()) {
            assertThat(d.reservationId()).isPositive();
            assertThat(d.grantedSize()).isEqualTo(resizable ? Integer.valueOf(parts.length > 1
                    ? Integer.parseInt(parts[1]) : 1000) : null);
        }
    }

    @ParameterizedTest(name = "resize keeps the minimum: {0} at level {1} -> {2}")
    @MethodSource("minimums")
    void resizeKeepsMinimum(int requested, int level, int expected) {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine engine = Fixtures.engine(clock);
        Decision d = engine.decide(GuardRequest.of("j", Fixtures.resizable(Priority.NORMAL, 10), requested),
                Fixtures.memory(T0, Fixtures.memoryForLevel(level)));
        assertThat(d.grantedSize()).isEqualTo(expected);
        assertThat(d.action()).isEqualTo(expected < requested ? Action.RESIZE : Action.ALLOW);
    }

    static Stream<Arguments> minimums() {
        return Stream.of(Arguments.of(30, 2, 15), Arguments.of(30, 3, 10), Arguments.of(16, 2, 10),
                Arguments.of(10, 3, 10), Arguments.of(5, 2, 5), Arguments.of(41, 3, 10), Arguments.of(43, 3, 10),
                Arguments.of(44, 3, 11));
    }

    @org.junit.jupiter.api.Test
    void sentenceNamesResourceLimitAndLevel() {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine engine = Fixtures.engine(clock);
        Decision d = engine.decide(GuardRequest.of("selfplay", Fixtures.resizable(Priority.NORMAL, 10), 1000),
                Fixtures.memory(T0, 77));
        assertThat(d.sentence()).isEqualTo("memory 77% of 80% limit (level 3): NORMAL selfplay resized num_games 1000 -> 250");
    }

    @org.junit.jupiter.api.Test
    void customTableIsUsed() {
        LevelTable strict = LevelTable.DEFAULT.with(1, Priority.LOW, Rule.DEFER);
        MutableClock clock = new MutableClock(T0);
        DecisionEngine engine = Fixtures.engine(EngineSettings.DEFAULTS.withTable(strict), clock);
        Decision d = engine.decide(GuardRequest.of("j", Fixtures.job(Priority.LOW)), Fixtures.memory(T0, 60));
        assertThat(d.action()).isEqualTo(Action.DEFER);
    }
}
