package ai.ringrift.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Memory pressure (PSI) raises the level on its own, is named when worst, and is never required. */
class MemoryPressureLevelTest {

    private final MutableClock clock = new MutableClock(Fixtures.T0);

    private static Snapshot withPressure(double pressurePercent) {
        List<Reading> rs = new ArrayList<>(Fixtures.percents(Fixtures.T0, 10, 20, 10, null).readings().values());
        rs.add(Reading.percent(Resource.MEMORY_PRESSURE, pressurePercent, "psi", Fixtures.T0));
        return Fixtures.snapshot(Fixtures.T0, rs, Map.of());
    }

    @Test
    void pressureAloneRaisesTheLevelAndIsNamedInTheSentence() {
        DecisionEngine engine = Fixtures.engine(clock);
        // CPU 10 %, memory 20 %, disk 10 %: level 0 by use; PSI full avg10 61 % of the 60 % limit: level 4
        Snapshot s = withPressure(61);
        Decision d = engine.decideFire(new GuardRequest("selfplay", Fixtures.job(Priority.BACKGROUND), null, 1), s);
        assertThat(d.level()).isEqualTo(4);
        assertThat(d.worstResource()).isEqualTo(Resource.MEMORY_PRESSURE);
        assertThat(d.action()).isEqualTo(Action.VETO);
        assertThat(d.sentence()).startsWith("memory pressure 61% of 60% limit (level 4): BACKGROUND selfplay vetoed");
        assertThat(engine.currentLevel()).isEqualTo(4);
        assertThat(engine.coreLevel()).as("pressure counts for every job, not only GPU jobs").isEqualTo(4);
        assertThat(engine.resourceLevel(Resource.MEMORY_PRESSURE)).isEqualTo(4);
        assertThat(engine.resourceLevel(Resource.MEMORY)).isEqualTo(0);
        assertThat(engine.currentWorstResource()).isEqualTo(Resource.MEMORY_PRESSURE);
    }

    @Test
    void bandsApplyToTheStallShare() {
        // default limit 60 %: level 1 from 42 %, 2 from 51 %, 3 from 57 %
        assertThat(levelAt(41)).isEqualTo(0);
        assertThat(levelAt(42)).isEqualTo(1);
        assertThat(levelAt(51)).isEqualTo(2);
        assertThat(levelAt(57)).isEqualTo(3);
        assertThat(levelAt(60)).isEqualTo(4);
    }

    private int levelAt(double pressure) {
        DecisionEngine engine = Fixtures.engine(new MutableClock(Fixtures.T0));
        engine.onSnapshot(withPressure(pressure));
        return engine.currentLevel();
    }

    @Test
    void aConfiguredLimitIsUsed() {
        EngineSettings tight = EngineSettings.DEFAULTS.withLimits(
                Limits.DEFAULTS.with(Resource.MEMORY_PRESSURE, ResourceLimit.of(20, 10)));
        DecisionEngine engine = Fixtures.engine(tight, clock);
        engine.onSnapshot(withPressure(21));
        assertThat(engine.currentLevel()).isEqualTo(4);
    }

    @Test
    void noPsiIsNoReadingAndNoGuardError() {
        DecisionEngine engine = Fixtures.engine(clock);
        Snapshot s = Fixtures.percents(Fixtures.T0, 10, 20, 10, null); // no memory pressure reading at all
        Decision d = engine.decideFire(new GuardRequest("selfplay", Fixtures.job(Priority.BACKGROUND), null, 1), s);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.LEVEL);
        assertThat(d.action()).isEqualTo(Action.ALLOW);
        assertThat(d.ratios()).doesNotContainKey(Resource.MEMORY_PRESSURE);
        assertThat(engine.resourceLevel(Resource.MEMORY_PRESSURE)).isEqualTo(-1);
    }

    @Test
    void limitsWithoutPressureGetItsDefault() {
        Limits four = new Limits(Map.of(Resource.CPU, ResourceLimit.of(80, 70), Resource.MEMORY, ResourceLimit.of(80, 70),
                Resource.GPU, ResourceLimit.of(80, 70), Resource.DISK, ResourceLimit.of(70, 65)));
        assertThat(four.of(Resource.MEMORY_PRESSURE)).isEqualTo(ResourceLimit.of(Limits.PRESSURE_MAX, Limits.PRESSURE_WARN));
        assertThat(Limits.PRESSURE_MAX).isEqualTo(60);
    }
}
