package ai.ringrift.guard.config;

import java.time.Duration;

/**
 * {@code deferral}: backoff of deferred fires (DESIGN.md section 5).
 *
 * @param initialBackoff delay of the first deferral (default 30 s)
 * @param multiplier     growth per further deferral (default 2.0)
 * @param maxBackoff     cap of the delay (default 15 min)
 * @param jitter         random spread, a fraction of the delay (default 0.2 = +-20 %)
 * @param maxDeferrals   deferrals of one fire before it is dropped as EXPIRED (default 20)
 */
public record DeferralConfig(Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter,
                             int maxDeferrals) {

    public static DeferralConfig defaults() {
        return new DeferralConfig(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(15), 0.2, 20);
    }
}
