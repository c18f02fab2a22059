package ai.ringrift.guard.policy;

import static ai.ringrift.guard.policy.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Levels rise at once and fall only after dwelling below the band minus the margin. */
class HysteresisTest {

    private final List<GuardEvent> events = new ArrayList<>();
    /** Memory max 100 %, so memory % / 100 is the ratio: 84 % = 0.84 (level 1), 86 % = 0.86 (level 2). */
    private final EngineSettings config = EngineSettings.DEFAULTS.withLimits(
            Limits.DEFAULTS.with(Resource.MEMORY, ResourceLimit.of(100, 90)));

    private DecisionEngine engine() {
        DecisionEngine e = Fixtures.engine(config, new MutableClock(T0));
        e.addListener(events::add);
        return e;
    }

    private static List<GuardEvent.LevelChanged> levels(List<GuardEvent> events) {
        return events.stream().filter(GuardEvent.LevelChanged.class::isInstance)
                .map(GuardEvent.LevelChanged.class::cast).toList();
    }

    @Test
    void oscillating84And86ForTenMinutesRisesOnceAndNeverFalls() {
        DecisionEngine e = engine();
        Instant t = T0;
        for (int i = 0; i <= 60; i++) { // every 10 s for 10 minutes
            e.onSnapshot(Fixtures.memory(t, i % 2 == 0 ? 86 : 84));
            assertThat(e.currentLevel()).as("at %s", t).isEqualTo(2);
            t = t.plusSeconds(10);
        }
        assertThat(levels(events)).singleElement().satisfies(ev -> {
            assertThat(ev.from()).isZero();
            assertThat(ev.to()).isEqualTo(2);
            assertThat(ev.worstResource()).isEqualTo(Resource.MEMORY);
            assertThat(ev.ratio()).isEqualTo(0.86);
            assertThat(ev.at()).isEqualTo(T0);
        });

        // now below 0.85 - 0.05 = 0.80: falls only once 60 s have passed below it
        Instant below = t;
        for (int s = 0; s < 60; s += 10) {
            e.onSnapshot(Fixtures.memory(below.plusSeconds(s), 79));
            assertThat(e.currentLevel()).as("%d s below", s).isEqualTo(2);
        }
        e.onSnapshot(Fixtures.memory(below.plusSeconds(60), 79));
        assertThat(e.currentLevel()).isEqualTo(1);
        List<GuardEvent.LevelChanged> lv = levels(events);
        assertThat(lv).hasSize(2);
        assertThat(lv.get(1).from()).isEqualTo(2);
        assertThat(lv.get(1).to()).isEqualTo(1);
        assertThat(lv.get(1).at()).isEqualTo(below.plusSeconds(60));
    }

    @Test
    void theLevelHoldSaysWhichResourceHoldsTheLevelAndUntilWhen() {
        DecisionEngine e = engine();
        e.onSnapshot(Fixtures.memory(T0, 86));
        LevelHold rising = e.levelHold();
        assertThat(rising.resource()).isEqualTo(Resource.MEMORY);
        assertThat(rising.level()).isEqualTo(2);
        assertThat(rising.held()).isFalse();
        assertThat(rising.heldUntil()).isNull();

        e.onSnapshot(Fixtures.memory(T0.plusSeconds(10), 82)); // level 1 alone, but not below 0.80: no dwell yet
        LevelHold above = e.levelHold();
        assertThat(above.held()).isTrue();
        assertThat(above.readingLevel()).isEqualTo(1);
        assertThat(above.fallBelowRatio()).isCloseTo(0.80, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(above.heldUntil()).isNull();

        e.onSnapshot(Fixtures.memory(T0.plusSeconds(20), 30)); // below: the dwell of 60 s starts now
        LevelHold dwelling = e.levelHold();
        assertThat(dwelling.held()).isTrue();
        assertThat(dwelling.level()).isEqualTo(2);
        assertThat(dwelling.readingLevel()).isZero();
        assertThat(dwelling.heldUntil()).isEqualTo(T0.plusSeconds(80));

        e.onSnapshot(Fixtures.memory(T0.plusSeconds(80), 30));
        assertThat(e.levelHold().held()).isFalse();
        assertThat(e.levelHold().level()).isZero();
    }

    @Test
    void aSampleAboveTheMarginRestartsTheDwell() {
        DecisionEngine e = engine();
        e.onSnapshot(Fixtures.memory(T0, 86));
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(10), 79));
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(50), 81)); // 0.81 >= 0.80: restart
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(60), 79));
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(110), 79));
        assertThat(e.currentLevel()).isEqualTo(2);
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(120), 79));
        assertThat(e.currentLevel()).isEqualTo(1);
    }

    @Test
    void aDeepDropFallsAllTheWayAfterOneDwell() {
        DecisionEngine e = engine();
        e.onSnapshot(Fixtures.memory(T0, 99));
        assertThat(e.currentLevel()).isEqualTo(3);
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(1), 20));
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(30), 20));
        assertThat(e.currentLevel()).isEqualTo(3);
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(61), 20));
        assertThat(e.currentLevel()).isZero();
    }

    @Test
    void aRiseDuringTheDwellIsImmediate() {
        DecisionEngine e = engine();
        e.onSnapshot(Fixtures.memory(T0, 86));
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(10), 70));
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(20), 96));
        assertThat(e.currentLevel()).isEqualTo(3);
    }

    @Test
    void decisionsUseTheHysteresisLevel() {
        DecisionEngine e = engine();
        e.onSnapshot(Fixtures.memory(T0, 86));
        Decision d = e.decide(GuardRequest.of("j", Fixtures.job(Priority.LOW)), Fixtures.memory(T0.plusSeconds(1), 84));
        assertThat(d.level()).isEqualTo(2);
        assertThat(d.action()).isEqualTo(Action.DEFER);
    }

    @Test
    void zeroDwellFallsAtOnceBelowTheMargin() {
        DecisionEngine e = Fixtures.engine(config.withHysteresis(0.05, Duration.ZERO), new MutableClock(T0));
        e.onSnapshot(Fixtures.memory(T0, 86));
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(1), 84));
        assertThat(e.currentLevel()).isEqualTo(2);
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(2), 79));
        assertThat(e.currentLevel()).isEqualTo(1);
    }

    @Test
    void olderSnapshotsAreIgnored() {
        DecisionEngine e = engine();
        e.onSnapshot(Fixtures.memory(T0.plusSeconds(10), 86));
        e.onSnapshot(Fixtures.memory(T0, 10));
        assertThat(e.currentLevel()).isEqualTo(2);
    }
}
