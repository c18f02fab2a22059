package ai.ringrift.guard.safety;

import ai.ringrift.scheduler.model.Priority;
import java.util.Objects;
import ai.ringrift.guard.settings.Problems;

/**
 * Token bucket limiting how many jobs this node starts per minute, against fork storms (a burst
 * of misfired triggers). It starts full. Thread-safe; allocation-free.
 */
public final class SpawnRateLimiter {

    private final SpawnRateSettings config;
    private final double millisPerToken;
    private double tokens;
    private long lastRefillMillis = Long.MIN_VALUE;

    public SpawnRateLimiter(SpawnRateSettings config) {
        this.config = Problems.requireValid(Objects.requireNonNull(config, "config"), "spawnRate");
        this.millisPerToken = config.millisPerToken();
        this.tokens = config.burst();
    }

    public SpawnRateSettings config() {
        return config;
    }

    /** True when a job of this priority skips the limiter (CRITICAL, unless configured otherwise). */
    public boolean bypasses(Priority priority) {
        return config.criticalBypass() && priority == Priority.CRITICAL;
    }

    /**
     * Takes one token.
     *
     * @return 0 when a token was taken, otherwise the milliseconds until the next token (>= 1)
     */
    public synchronized long tryAcquire(long nowMillis) {
        refill(nowMillis);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1.0 - tokens) * millisPerToken - 1e-6));
    }

    /** Gives back a token taken by {@link #tryAcquire} for a start that did not happen. */
    public synchronized void giveBack() {
        tokens = Math.min(config.burst(), tokens + 1.0);
    }

    /** Tokens available now (fractional). */
    public synchronized double available(long nowMillis) {
        refill(nowMillis);
        return tokens;
    }

    private void refill(long nowMillis) {
        if (lastRefillMillis == Long.MIN_VALUE) {
            lastRefillMillis = nowMillis;
            return;
        }
        long elapsed = nowMillis - lastRefillMillis;
        if (elapsed > 0) {
            tokens = Math.min(config.burst(), tokens + elapsed / millisPerToken);
            lastRefillMillis = nowMillis;
        }
    }
}
