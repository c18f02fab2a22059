package ai.ringrift.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.scheduler.model.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults and validation messages that name the field. */
class PolicyConfigTest {

    private static final PolicyConfig D = PolicyConfig.DEFAULTS;

    @Test
    void defaults() {
        assertThat(D.bandEdges()).containsExactly(0.70, 0.85, 0.95, 1.00);
        assertThat(D.hysteresisMargin()).isEqualTo(0.05);
        assertThat(D.dwell()).isEqualTo(Duration.ofSeconds(60));
        assertThat(D.resizeFractions()).containsExactly(1.0, 1.0, 0.5, 0.25, 0.25);
        assertThat(D.failPolicy().actionFor(Priority.HIGH)).isEqualTo(Action.ALLOW);
        assertThat(D.failPolicy().actionFor(Priority.NORMAL)).isEqualTo(Action.DEFER);
        assertThat(D.shadow()).isFalse();
        assertThat(D.table().rule(3, Priority.NORMAL)).isEqualTo(Rule.RESIZE_OR_DEFER);
        assertThat(D.table().rule(4, Priority.BACKGROUND)).isEqualTo(Rule.VETO);
    }

    @Test
    void invalidValuesNameTheField() {
        assertThatThrownBy(() -> new PolicyConfig(D.limits(), List.of(0.7, 0.6, 0.95, 1.0), 0.05, D.dwell(), D.table(),
                D.resizeFractions(), D.failPolicy(), false, D.deferHint())).hasMessageContaining("bandEdges[1]");
        assertThatThrownBy(() -> D.withHysteresis(0.8, D.dwell())).hasMessageContaining("hysteresisMargin");
        assertThatThrownBy(() -> D.withHysteresis(0.05, Duration.ofSeconds(-1))).hasMessageContaining("dwell");
        assertThatThrownBy(() -> new PolicyConfig(D.limits(), D.bandEdges(), 0.05, D.dwell(), D.table(),
                List.of(1.0, 1.0, 0.25, 0.5, 0.25), D.failPolicy(), false, D.deferHint()))
                .hasMessageContaining("resizeFractions[3]");
        assertThatThrownBy(() -> D.failPolicy().with(Priority.LOW, Action.VETO)).hasMessageContaining("failPolicy.LOW");
        assertThatThrownBy(() -> new FailPolicy(Map.of(Priority.LOW, Action.ALLOW), Duration.ofSeconds(1)))
                .hasMessageContaining("failPolicy.BACKGROUND is missing");
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
