package ai.ringrift.guard.pipeline;

import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.ReasonCode;
import ai.ringrift.guard.settings.Problems;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When a deferred fire comes back, Quartz and JobRunr alike: the configured backoff
 * ({@link DeferralSettings#delay}, the one formula), later only when the engine's hint comes from
 * a breaker; the engine's level and headroom hints do not push it. A spawn-rate deferral comes
 * back exactly at its token slot ({@code SpawnRateLimiter#nextSlot}: one token apart, not the
 * doubling backoff). Past {@code maxDeferrals} a fire expires.
 *
 * @param settings {@code deferral} of guard.yaml
 */
public record Backoff(DeferralSettings settings) {

    public static final Backoff DEFAULT = new Backoff(DeferralSettings.DEFAULTS);

    public Backoff {
        Problems.requireValid(Objects.requireNonNull(settings, "settings"), "deferral");
    }

    /** Delay before deferral number {@code attempt} (1 = first) re-fires; {@code random} in [0, 1). */
    public Duration delay(int attempt, DoubleSupplier random) {
        return settings.delay(attempt, random);
    }

    /** Deferrals of one fire before it is dropped ({@code deferral.maxDeferrals}). */
    public int maxDeferrals() {
        return settings.maxDeferrals();
    }

    /** True when deferral number {@code attempt} would pass {@code maxDeferrals}: drop the fire. */
    public boolean expires(int attempt) {
        return settings.expires(attempt);
    }

    /**
     * When deferral number {@code attempt} (1 = first) of a fire decided at {@code now} re-fires:
     * the spawn-rate slot for a SPAWN_RATE deferral, else the backoff delay, or later when the
     * decision's {@code deferUntil} comes from a breaker or a cap's fleet-wide spawn rate.
     */
    public Instant runAt(Instant now, int attempt, Decision decision, DoubleSupplier random) {
        Instant hint = decision.deferUntil();
        ReasonCode reason = decision.wouldBeReason();
        if (reason == ReasonCode.SPAWN_RATE && hint != null) {
            return hint; // the spawn-rate slot: when a token is due for this fire, as its sentence says
        }
        Instant at = now.plus(delay(attempt, random));
        boolean later = reason == ReasonCode.BREAKER_OPEN || reason == ReasonCode.CAP;
        return later && hint != null && hint.isAfter(at) ? hint : at;
    }
}
