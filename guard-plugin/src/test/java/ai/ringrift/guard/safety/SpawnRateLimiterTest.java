package ai.ringrift.guard.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.scheduler.model.Priority;
import org.junit.jupiter.api.Test;

/** Token bucket: 10 per minute (one every 6 s), burst 5. */
class SpawnRateLimiterTest {

    private final SpawnRateLimiter limiter = new SpawnRateLimiter(SpawnRateSettings.DEFAULTS);

    @Test
    void burstThenOneTokenEverySixSeconds() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(0)).as("start %d", i).isZero();
        }
        assertThat(limiter.tryAcquire(0)).isEqualTo(6000);
        assertThat(limiter.tryAcquire(2000)).isEqualTo(4000);
        assertThat(limiter.tryAcquire(6000)).isZero();
        assertThat(limiter.tryAcquire(6000)).isEqualTo(6000);
    }

    @Test
    void refillStopsAtTheBurst() {
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire(0);
        }
        assertThat(limiter.available(3_600_000)).isEqualTo(5.0);
        int taken = 0;
        while (limiter.tryAcquire(3_600_000) == 0) {
            taken++;
        }
        assertThat(taken).isEqualTo(5);
    }

    @Test
    void tenPerMinuteSustained() {
        int started = 0;
        for (long t = 0; t < 10 * 60_000; t += 500) { // a fire every half second for 10 min
            if (limiter.tryAcquire(t) == 0) {
                started++;
            }
        }
        assertThat(started).isBetween(100, 105); // 5 burst + 10/min x 10 min (the last token at 9:59.5 is short)
    }

    @Test
    void givenBackTokenCanBeReused() {
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire(0);
        }
        limiter.giveBack();
        assertThat(limiter.tryAcquire(0)).isZero();
    }

    @Test
    void criticalBypasses() {
        assertThat(limiter.bypasses(Priority.CRITICAL)).isTrue();
        assertThat(limiter.bypasses(Priority.HIGH)).isFalse();
        assertThat(new SpawnRateLimiter(new SpawnRateSettings(10, 5, false)).bypasses(Priority.CRITICAL)).isFalse();
    }

    @Test
    void configIsValidatedByField() {
        assertThatThrownBy(() -> new SpawnRateLimiter(new SpawnRateSettings(0, 5, true))).hasMessageContaining("spawnRate.perMinute");
        assertThatThrownBy(() -> new SpawnRateLimiter(new SpawnRateSettings(10, 0, true))).hasMessageContaining("spawnRate.burst");
    }
}
