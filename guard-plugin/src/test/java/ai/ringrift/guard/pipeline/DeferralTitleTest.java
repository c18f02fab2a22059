package ai.ringrift.guard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.policy.Action;
import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.policy.ReasonCode;
import ai.ringrift.guard.policy.ResourceLimit;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deferral's name in JobRunr's lists carries its short reason, within {@link DeferralTitle#MAX}. */
class DeferralTitleTest {

    private static final Instant T = Instant.parse("2026-01-01T12:00:00Z");
    /** disk warn 70 %, max 80 %: 72 % is ratio 0.9, level 2 of the default bands. */
    private final EngineSettings policy = EngineSettings.DEFAULTS.withLimits(
            Limits.DEFAULTS.with(Resource.DISK, ResourceLimit.of(80, 70)));

    private static Snapshot disk(double pct) {
        return new Snapshot(1, T, Duration.ofSeconds(30),
                Map.of(Resource.DISK, Reading.percent(Resource.DISK, pct, "test", T)), Map.of(), Map.of());
    }

    private static Decision defer(ReasonCode reason, int level, Resource worst) {
        return new Decision(Action.DEFER, reason, level, Map.of(), worst, Double.NaN, null, null, T, "sentence",
                false, Action.DEFER, reason, 0, "CLOSED");
    }

    @Test
    void theResourceOverItsLineIsTheReason() {
        assertThat(DeferralTitle.of("selfplay", defer(ReasonCode.LEVEL, 2, Resource.DISK), disk(72), policy, 2))
                .isEqualTo("selfplay deferred: disk 72% > 70% (attempt 2)");
        assertThat(DeferralTitle.of("selfplay", defer(ReasonCode.LEVEL, 4, Resource.DISK), disk(85.5), policy, 1))
                .isEqualTo("selfplay deferred: disk 85.5% > 80% (attempt 1)");
    }

    @Test
    void aLevelHeldByHysteresisSaysSoInsteadOfQuotingTheHealthyReading() {
        assertThat(DeferralTitle.of("selfplay", defer(ReasonCode.LEVEL, 4, Resource.DISK), disk(3), policy, 3))
                .isEqualTo("selfplay deferred: disk level 4 held, now 3% (attempt 3)");
    }

    @Test
    void otherReasonsInWordsAndLongNamesCutToTheLimit() {
        assertThat(DeferralTitle.of("train", defer(ReasonCode.BREAKER_OPEN, 0, null), disk(10), policy, 1))
                .isEqualTo("train deferred: circuit breaker open (attempt 1)");
        String title = DeferralTitle.of("x".repeat(300), defer(ReasonCode.LEVEL, 2, Resource.DISK), disk(72), policy, 12);
        assertThat(title).hasSize(DeferralTitle.MAX).endsWith("~ deferred: disk 72% > 70% (attempt 12)");
    }
}
