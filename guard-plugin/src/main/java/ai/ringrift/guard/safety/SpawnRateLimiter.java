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
    /** The latest token time promised to a refused fire by {@link #nextSlot}. */
    private long lastSlotMillis = Long.MIN_VALUE;

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

    /**
     * When a fire the bucket refused should come back: the next token time not yet promised to an
     * earlier refused fire (one token apart), so refused fires return one per token instead of all
     * at once. Returns milliseconds from {@code nowMillis} (at least 1). The token itself is not
     * taken: the fire takes it through {@link #tryAcquire} when it comes back.
     */
    public synchronized long nextSlot(long nowMillis) {
        refill(nowMillis);
        long due = nowMillis + Math.max(1, (long) Math.ceil((1.0 - tokens) * millisPerToken - 1e-6));
        long spaced = lastSlotMillis == Long.MIN_VALUE ? due : lastSlotMillis + (long) Math.ceil(millisPerToken);
        long slot = Math.max(due, spaced);
        lastSlotMillis = slot;
        return slot - nowMillis;
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
