package ai.ringrift.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.guard.settings.InvalidSettingsException;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults and validation messages that name the field. */
class EngineSettingsTest {

    private static final EngineSettings D = EngineSettings.DEFAULTS;

    /** The engine refuses settings that break their rules, with the rule's own path and words. */
    private static DecisionEngine engine(EngineSettings s) {
        return Fixtures.engine(s, new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void defaults() {
        assertThat(D.levels().bands()).containsExactly(0.70, 0.85, 0.95, 1.00);
        assertThat(D.levels().margin()).isEqualTo(0.05);
        assertThat(D.levels().dwell()).isEqualTo(Duration.ofSeconds(60));
        assertThat(List.of(0, 1, 2, 3, 4).stream().map(D.policy()::resizeFraction))
                .containsExactly(1.0, 1.0, 0.5, 0.25, 0.25);
        assertThat(D.failPolicy().actionFor(Priority.HIGH)).isEqualTo(Action.ALLOW);
        assertThat(D.failPolicy().actionFor(Priority.NORMAL)).isEqualTo(Action.DEFER);
        assertThat(D.shadow()).isFalse();
        assertThat(D.table().rule(3, Priority.NORMAL)).isEqualTo(Rule.RESIZE_OR_DEFER);
        assertThat(D.table().rule(4, Priority.BACKGROUND)).isEqualTo(Rule.VETO);
        assertThat(Problems.requireValid(D, "")).isSameAs(D);
    }

    @Test
    void invalidValuesNameTheField() {
        assertThatThrownBy(() -> engine(D.withLevels(new LevelSettings(List.of(0.7, 0.6, 0.95, 1.0), 0.05, D.levels().dwell()))))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("levels.bands[1]");
        assertThatThrownBy(() -> engine(D.withHysteresis(0.8, D.levels().dwell())))
                .hasMessageContaining("levels.margin").hasMessageContaining("first band edge");
        assertThatThrownBy(() -> engine(D.withHysteresis(0.05, Duration.ofSeconds(-1)))).hasMessageContaining("levels.dwell");
        assertThatThrownBy(() -> engine(D.withPolicy(D.policy().withResize(0.25, 0.5))))
                .hasMessageContaining("policy.resize.level3").hasMessageContaining("must never grant more");
        assertThatThrownBy(() -> engine(D.withLimits(D.limits().with(Resource.CPU, ResourceLimit.of(0, 0)))))
                .hasMessageContaining("limits.cpu.max: must be above 0");
        assertThatThrownBy(() -> D.failPolicy().with(Priority.LOW, Action.VETO)).hasMessageContaining("failPolicy.LOW");
        assertThatThrownBy(() -> new FailPolicy(Map.of(Priority.LOW, Action.ALLOW), Duration.ofSeconds(1)))
                .hasMessageContaining("failPolicy.BACKGROUND: is missing");
    }

    @Test
    void tableMustBeMonotone() {
        assertThatThrownBy(() -> LevelTable.DEFAULT.with(4, Priority.LOW, Rule.ALLOW))
                .hasMessageContaining("table.level4.LOW").hasMessageContaining("higher level");
        assertThatThrownBy(() -> LevelTable.DEFAULT.with(1, Priority.HIGH, Rule.DEFER))
                .hasMessageContaining("table.level1.NORMAL").hasMessageContaining("higher priority");
        assertThatThrownBy(() -> LevelTable.parse(List.of(List.of("allow")))).hasMessageContaining("5 rows");
        assertThatThrownBy(() -> LevelTable.parse(List.of(
                List.of("allow", "allow", "allow", "allow", "allow"),
                List.of("defer", "allow", "allow", "allow", "allow"),
                List.of("defer", "defer", "shrink", "allow", "allow"),
                List.of("defer", "defer", "resize-or-defer", "allow", "allow"),
                List.of("veto", "defer", "defer", "defer", "allow"))))
                .hasMessageContaining("table.level2.NORMAL").hasMessageContaining("unknown rule 'shrink'");
        assertThat(LevelTable.parse(List.of(
                List.of("allow", "allow", "allow", "allow", "allow"),
                List.of("defer", "allow", "allow", "allow", "allow"),
                List.of("defer", "defer", "resize", "allow", "allow"),
                List.of("defer", "defer", "resize_or_defer", "allow", "allow"),
                List.of("veto", "defer", "defer", "defer", "allow")))).isEqualTo(LevelTable.DEFAULT);
    }

    @Test
    void requestValidation() {
        assertThatThrownBy(() -> new GuardRequest("j", Fixtures.job(Priority.LOW), -1, 1))
                .hasMessageContaining("requestedSize of j");
        assertThatThrownBy(() -> new GuardRequest("j", Fixtures.job(Priority.LOW), null, 0))
                .hasMessageContaining("attempt of j");
    }
}
