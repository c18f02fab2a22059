package ai.ringrift.guard.api;

import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asynchronous admission: {@link #acquire(ResourceNeeds, Duration)} completes with a {@link Permit}
 * once the needs fit and fewer than {@code maxInFlight} permits are open. Between attempts it
 * backs off exponentially ({@code initial x 2^attempt}, capped at {@code max}) with jitter (a
 * uniformly random 50-100 % of that). At the timeout the future fails with
 * {@link ResourcesUnavailableException}; cancelling the future stops the attempts. Close the permit
 * when the work is done.
 */
public final class AsyncResourceLimiter {

    private final ResourceChecker checker;
    private final int maxInFlight;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger inFlight = new AtomicInteger();

    public AsyncResourceLimiter(ResourceChecker checker, int maxInFlight, Duration initialBackoff, Duration maxBackoff,
                                ScheduledExecutorService scheduler) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be 0 < initial <= max, was " + initialBackoff + " / " + maxBackoff);
        }
        this.checker = checker;
        this.maxInFlight = maxInFlight;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.scheduler = scheduler;
    }

    /** An open admission; {@link #close()} frees its in-flight slot (idempotent). */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);
        private final ResourceNeeds needs;

        private Permit(ResourceNeeds needs) {
            this.needs = needs;
        }

        public ResourceNeeds needs() {
            return needs;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                inFlight.decrementAndGet();
            }
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public CompletableFuture<Permit> acquire(ResourceNeeds needs, Duration timeout) {
        CompletableFuture<Permit> result = new CompletableFuture<>();
        Instant deadline = checker.clock().instant().plus(timeout);
        AtomicReference<ScheduledFuture<?>> next = new AtomicReference<>();
        result.whenComplete((p, e) -> {
            ScheduledFuture<?> f = next.get();
            if (f != null) {
                f.cancel(false);
            }
        });
        attempt(needs, deadline, 0, result, next);
        return result;
    }

    private void attempt(ResourceNeeds needs, Instant deadline, int n, CompletableFuture<Permit> result,
                         AtomicReference<ScheduledFuture<?>> next) {
        if (result.isDone()) {
            return;
        }
        try {
            List<Shortfall> shortfalls = checker.shortfalls(needs);
            if (shortfalls.isEmpty() && tryTakeSlot()) {
                Permit p = new Permit(needs);
                if (!result.complete(p)) {
                    p.close(); // cancelled meanwhile
                }
                return;
            }
            if (!checker.clock().instant().isBefore(deadline)) {
                result.completeExceptionally(new ResourcesUnavailableException("no admission before the timeout",
                        shortfalls.isEmpty() ? List.of(new Shortfall(null, 0, "permits",
                                "all " + maxInFlight + " in-flight permits are taken")) : shortfalls));
                return;
            }
            long delay = backoffMillis(n, initialBackoff, maxBackoff, ThreadLocalRandom.current().nextDouble());
            long left = Duration.between(checker.clock().instant(), deadline).toMillis();
            next.set(scheduler.schedule(() -> attempt(needs, deadline, n + 1, result, next),
                    Math.max(1, Math.min(delay, left)), TimeUnit.MILLISECONDS));
            if (result.isDone()) {
                next.get().cancel(false);
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private boolean tryTakeSlot() {
        while (true) {
            int c = inFlight.get();
            if (c >= maxInFlight) {
                return false;
            }
            if (inFlight.compareAndSet(c, c + 1)) {
                return true;
            }
        }
    }

    /**
     * The wait before attempt {@code n + 1}: {@code min(max, initial x 2^n)} scaled by
     * {@code 0.5 + 0.5 x jitter01} (jitter01 uniform in [0, 1)).
     */
    public static long backoffMillis(int n, Duration initial, Duration max, double jitter01) {
        double base = Math.min((double) max.toMillis(), initial.toMillis() * Math.pow(2, Math.min(n, 62)));
        return Math.max(1, Math.round(base * (0.5 + 0.5 * jitter01)));
    }
}
