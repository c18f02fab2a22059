package ai.ringrift.guard.deferral;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * {@code deferral}: the backoff of deferred fires (DESIGN.md section 5): {@code initialBackoff x
 * multiplier^(attempt-1)}, capped at {@code maxBackoff}, spread by +/- {@code jitter} (a fraction)
 * so that deferred fires of many jobs do not return together; past {@code maxDeferrals} a fire is
 * dropped as EXPIRED.
 *
 * @param initialBackoff {@code initialBackoff}: delay of the first deferral (default 30 s)
 * @param multiplier     {@code multiplier}: growth per further deferral, at least 1 (default 2)
 * @param maxBackoff     {@code maxBackoff}: cap of the delay (default 15 min)
 * @param jitter         {@code jitter}: random spread, a fraction of the delay in [0, 1) (default 0.2 = +-20 %)
 * @param maxDeferrals   {@code maxDeferrals}: deferrals of one fire before it is dropped (default 20)
 */
public record DeferralSettings(Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter,
                               int maxDeferrals) implements Checked {

    public static final DeferralSettings DEFAULTS =
            new DeferralSettings(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(15), 0.2, 20);

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link DeferralSettings}; {@link #build()} refuses what {@link #check} reports. */
    public static final class Builder {
        private Duration initialBackoff;
        private double multiplier;
        private Duration maxBackoff;
        private double jitter;
        private int maxDeferrals;

        private Builder(DeferralSettings from) {
            initialBackoff = from.initialBackoff;
            multiplier = from.multiplier;
            maxBackoff = from.maxBackoff;
            jitter = from.jitter;
            maxDeferrals = from.maxDeferrals;
        }

        public Builder initialBackoff(Duration v) {
            initialBackoff = v;
            return this;
        }

        public Builder multiplier(double v) {
            multiplier = v;
            return this;
        }

        public Builder maxBackoff(Duration v) {
            maxBackoff = v;
            return this;
        }

        public Builder jitter(double v) {
            jitter = v;
            return this;
        }

        public Builder maxDeferrals(int v) {
            maxDeferrals = v;
            return this;
        }

        /** @throws ai.ringrift.guard.settings.InvalidSettingsException listing every broken rule */
        public DeferralSettings build() {
            return Problems.requireValid(new DeferralSettings(initialBackoff, multiplier, maxBackoff, jitter,
                    maxDeferrals), "deferral");
        }
    }

    public DeferralSettings withBackoff(Duration initial, Duration max) {
        return new DeferralSettings(initial, multiplier, max, jitter, maxDeferrals);
    }

    public DeferralSettings withMaxDeferrals(int max) {
        return new DeferralSettings(initialBackoff, multiplier, maxBackoff, jitter, max);
    }

    /**
     * Delay before deferral number {@code attempt} (1 = first) re-fires: at least 1 ms, at most
     * {@code maxBackoff}.
     *
     * @param random a value in [0, 1) (injected for tests)
     */
    public Duration delay(int attempt, DoubleSupplier random) {
        double base = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxBackoff.toMillis());
        double spread = capped * jitter * (2 * random.getAsDouble() - 1);
        long ms = Math.max(1, Math.round(Math.min(maxBackoff.toMillis(), capped + spread)));
        return Duration.ofMillis(ms);
    }

    /** True when deferral number {@code attempt} would pass {@code maxDeferrals}: drop the fire. */
    public boolean expires(int attempt) {
        return attempt > maxDeferrals;
    }

    @Override
    public void check(Problems p, String path) {
        String initial = Problems.path(path, "initialBackoff");
        boolean initialOk = Checks.positive(p, initial, initialBackoff);
        String mult = Problems.path(path, "multiplier");
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            p.error(mult, "must be at least 1 (was " + Checks.number(multiplier) + ")");
        }
        String max = Problems.path(path, "maxBackoff");
        if (maxBackoff == null) {
            Checks.positive(p, max, null);
        } else if (initialOk && maxBackoff.compareTo(initialBackoff) < 0) {
            p.error(max, "must be at least " + initial + " (" + Checks.duration(initialBackoff) + ") (was "
                    + Checks.duration(maxBackoff) + ")");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            p.error(Problems.path(path, "jitter"), "must be at least 0 and below 1, a fraction of the delay (was "
                    + Checks.number(jitter) + "): a jitter of 1 could bring a deferred fire back at once");
        }
        Checks.atLeast(p, Problems.path(path, "maxDeferrals"), maxDeferrals, 1);
    }
}
