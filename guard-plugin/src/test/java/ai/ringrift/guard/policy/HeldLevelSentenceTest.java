package ai.ringrift.guard.policy;

import static ai.ringrift.guard.policy.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * A decision taken while hysteresis holds the level says so ("level 2 held until 00:02:10 UTC by
 * hysteresis; memory now 40% of 100% limit") instead of quoting the healthy reading as the reason
 * for the level ("memory 40% of 100% limit (level 2)").
 */
class HeldLevelSentenceTest {

    /** Memory max 100 %: the ratio is memory % / 100; default bands, margin 0.05, dwell 60 s. */
    private final EngineSettings config = EngineSettings.DEFAULTS.withLimits(
            Limits.DEFAULTS.with(Resource.MEMORY, ResourceLimit.of(100, 90)));

    private Decision decide(DecisionEngine e, Snapshot s) {
        e.onSnapshot(s);
        return e.decideFire(new GuardRequest("selfplay", Fixtures.job(Priority.NORMAL), null, 1), s);
    }

    @Test
    void aHeldLevelNamesTheTimeItMayFallAndTheReadingNow() {
        DecisionEngine e = Fixtures.engine(config, new MutableClock(T0));
        Decision high = decide(e, Fixtures.memory(T0, 86));
        assertThat(high.level()).isEqualTo(2);
        assertThat(high.sentence()).startsWith("memory 86% of 100% limit (level 2): ");
        assertThat(e.held(Resource.MEMORY)).isEmpty();

        // 40 %: far below the band; the fall clock starts at T0+70 s, the level may fall at T0+130 s
        Decision held = decide(e, Fixtures.memory(T0.plusSeconds(70), 40));
        assertThat(held.level()).isEqualTo(2);
        assertThat(held.sentence())
                .startsWith("level 2 held until 00:02:10 UTC by hysteresis; memory now 40% of 100% limit: NORMAL selfplay")
                .doesNotContain("(level 2)");
        assertThat(e.held(Resource.MEMORY)).contains(
                "level 2 held until 00:02:10 UTC by hysteresis; memory now 40% of 100% limit");

        // the dwell has passed: the level falls and the sentence quotes the reading again
        Decision fallen = decide(e, Fixtures.memory(T0.plusSeconds(130), 40));
        assertThat(fallen.level()).isZero();
        assertThat(fallen.sentence()).doesNotContain("held");
        assertThat(e.held(Resource.MEMORY)).isEmpty();
    }

    @Test
    void aReadingJustBelowTheBandHoldsUntilItStaysFarEnoughBelow() {
        DecisionEngine e = Fixtures.engine(config, new MutableClock(T0));
        decide(e, Fixtures.memory(T0, 86));
        // 0.82: below level 2's edge 0.85 but not below 0.85 - 0.05: no fall clock
        Decision held = decide(e, Fixtures.memory(T0.plusSeconds(10), 82));
        assertThat(held.level()).isEqualTo(2);
        assertThat(held.sentence()).startsWith(
                "level 2 held until memory stays below 80% for 60 s by hysteresis; memory now 82% of 100% limit: ");
    }
}
