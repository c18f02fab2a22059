package ai.ringrift.guard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.guard.policy.Limits;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncResourceLimiterTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Snapshots snaps = Snapshots.healthy();
    private final ResourceChecker checker = new ResourceChecker(snaps, Limits.DEFAULTS, ApiSettings.DEFAULTS,
            Clock.systemUTC());

    private ResourceChecker freshChecker() {
        // snapshots are taken "now" relative to a fixed clock so they never go stale in these tests
        return new ResourceChecker(snaps, Limits.DEFAULTS, ApiSettings.DEFAULTS,
                new ResourceCheckerTest.TickingClock(Snapshots.T0, Duration.ofMillis(1)));
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void backoffIsExponentialCappedAndJittered() {
        Duration i = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(2);
        assertThat(AsyncResourceLimiter.backoffMillis(0, i, max, 0.999999)).isEqualTo(100);
        assertThat(AsyncResourceLimiter.backoffMillis(0, i, max, 0.0)).isEqualTo(50);
        assertThat(AsyncResourceLimiter.backoffMillis(3, i, max, 0.999999)).isEqualTo(800);
        assertThat(AsyncResourceLimiter.backoffMillis(10, i, max, 0.999999)).isEqualTo(2000);
        assertThat(AsyncResourceLimiter.backoffMillis(10, i, max, 0.0)).isEqualTo(1000);
        assertThat(AsyncResourceLimiter.backoffMillis(1000, i, max, 0.5)).isEqualTo(1500);
    }

    @Test
    void boundsInFlightAndAdmitsWhenAPermitCloses() throws Exception {
        AsyncResourceLimiter limiter = new AsyncResourceLimiter(freshChecker(), 2, Duration.ofMillis(5),
                Duration.ofMillis(20), scheduler);
        AsyncResourceLimiter.Permit a = limiter.acquire(ResourceNeeds.NONE, Duration.ofSeconds(30)).get(5, TimeUnit.SECONDS);
        AsyncResourceLimiter.Permit b = limiter.acquire(ResourceNeeds.NONE, Duration.ofSeconds(30)).get(5, TimeUnit.SECONDS);
        assertThat(limiter.inFlight()).isEqualTo(2);
        CompletableFuture<AsyncResourceLimiter.Permit> third = limiter.acquire(ResourceNeeds.NONE, Duration.ofSeconds(30));
        assertThat(third).isNotDone();
        a.close();
        a.close();
        AsyncResourceLimiter.Permit c = third.get(5, TimeUnit.SECONDS);
        assertThat(limiter.inFlight()).isEqualTo(2);
        b.close();
        c.close();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void waitsForResourcesThenAdmits() throws Exception {
        snaps.used(Resource.MEMORY, 95);
        AsyncResourceLimiter limiter = new AsyncResourceLimiter(freshChecker(), 4, Duration.ofMillis(5),
                Duration.ofMillis(20), scheduler);
        CompletableFuture<AsyncResourceLimiter.Permit> f = limiter.acquire(ResourceNeeds.of(0, 5, 0, 0), Duration.ofSeconds(60));
        assertThat(f).isNotDone();
        snaps.used(Resource.MEMORY, 50);
        assertThat(f.get(5, TimeUnit.SECONDS).needs().memoryGb()).isEqualTo(5.0);
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void timesOutWithTheShortResources() {
        snaps.used(Resource.MEMORY, 95);
        AsyncResourceLimiter limiter = new AsyncResourceLimiter(freshChecker(), 4, Duration.ofMillis(1),
                Duration.ofMillis(2), scheduler);
        CompletableFuture<AsyncResourceLimiter.Permit> f = limiter.acquire(ResourceNeeds.of(0, 5, 0, 0), Duration.ofMillis(50));
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ResourcesUnavailableException.class)
                .hasMessageContaining("no admission before the timeout: memory at 95.0% >= max 80%");
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void cancellingStopsTheAttemptsAndTakesNoSlot() throws Exception {
        snaps.used(Resource.MEMORY, 95);
        AsyncResourceLimiter limiter = new AsyncResourceLimiter(freshChecker(), 1, Duration.ofMillis(5),
                Duration.ofMillis(10), scheduler);
        CompletableFuture<AsyncResourceLimiter.Permit> f = limiter.acquire(ResourceNeeds.NONE, Duration.ofSeconds(60));
        assertThat(f.cancel(true)).isTrue();
        snaps.used(Resource.MEMORY, 10);
        AsyncResourceLimiter.Permit p = limiter.acquire(ResourceNeeds.NONE, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
        assertThat(limiter.inFlight()).as("the cancelled request holds no slot").isEqualTo(1);
        p.close();
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new AsyncResourceLimiter(checker, 0, Duration.ofMillis(1), Duration.ofMillis(1), scheduler))
                .hasMessageContaining("maxInFlight must be >= 1");
        assertThatThrownBy(() -> new AsyncResourceLimiter(checker, 1, Duration.ofMillis(10), Duration.ofMillis(1), scheduler))
                .hasMessageContaining("backoff must be 0 < initial <= max");
    }
}
