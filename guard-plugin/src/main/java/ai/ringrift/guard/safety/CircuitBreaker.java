package ai.ringrift.guard.safety;

import java.time.Instant;
import java.util.Objects;

/**
 * The circuit breaker of one job: CLOSED, then OPEN after {@code consecutiveFailures} failures in a
 * row or a failure rate of at least {@code failureRate} over the last {@code window} runs; while
 * OPEN every fire is vetoed. After the open time it turns HALF_OPEN on the next look and lets
 * exactly one probe run: its success closes the breaker (history cleared, open time back to the
 * base), its failure re-opens it with the open time doubled (up to the maximum).
 *
 * <p>Outcomes of runs that are not the probe are ignored while OPEN or HALF_OPEN (they started
 * before the trip). Thread-safe; state changes are reported to the listener outside the lock.
 */
public final class CircuitBreaker {

    /** What {@link #check(long)} allows. */
    public enum Permit {
        /** CLOSED: run. */
        RUN,
        /** HALF_OPEN and no probe out: this run may be the probe ({@link #claimProbe}). */
        PROBE,
        /** OPEN, or HALF_OPEN with the probe already out: veto. */
        DENY
    }

    private final String jobName;
    private final BreakerSettings config;
    private final BreakerListener listener;

    private volatile BreakerState state = BreakerState.CLOSED;
    private long openUntilMillis;
    private long openForMillis;
    private long probeId;           // 0: no probe out
    private long probeClaimedMillis;
    private boolean probeStarted;
    private int consecutiveFailures;
    private final boolean[] outcomes; // ring buffer, true = failure
    private int runs;
    private int next;
    private int failures;
    private int trips;

    CircuitBreaker(String jobName, BreakerSettings config, BreakerListener listener) {
        this.jobName = Objects.requireNonNull(jobName, "jobName");
        this.config = config;
        this.listener = listener;
        this.openForMillis = config.openDuration().toMillis();
        this.outcomes = new boolean[config.window()];
    }

    public String jobName() {
        return jobName;
    }

    /** The state as last changed; an OPEN breaker whose time has passed still reads OPEN here. */
    public BreakerState state() {
        return state;
    }

    /** The state at {@code nowMillis}: turns OPEN into HALF_OPEN once the open time has passed. */
    public BreakerState state(long nowMillis) {
        check(nowMillis);
        return state;
    }

    /** Until when the breaker stays open (meaningful while OPEN). */
    public synchronized Instant openUntil() {
        return Instant.ofEpochMilli(openUntilMillis);
    }

    /** How many times it has tripped since it was last closed by a probe. */
    public synchronized int trips() {
        return trips;
    }

    /** May a run start now? Moves OPEN to HALF_OPEN when the open time has passed. */
    public Permit check(long nowMillis) {
        BreakerState s = state;
        if (s == BreakerState.CLOSED) {
            return Permit.RUN;
        }
        Permit p;
        boolean halfOpened = false;
        synchronized (this) {
            if (state == BreakerState.OPEN && nowMillis >= openUntilMillis) {
                state = BreakerState.HALF_OPEN;
                probeId = 0;
                halfOpened = true;
            } else if (state == BreakerState.HALF_OPEN && probeId != 0 && !probeStarted
                    && nowMillis - probeClaimedMillis >= config.openDuration().toMillis()) {
                probeId = 0; // the probe never started (lost on its way to the job): a new one may go
            }
            p = switch (state) {
                case CLOSED -> Permit.RUN;
                case OPEN -> Permit.DENY;
                case HALF_OPEN -> probeId == 0 ? Permit.PROBE : Permit.DENY;
            };
        }
        if (halfOpened) {
            fire(BreakerState.OPEN, BreakerState.HALF_OPEN, nowMillis);
        }
        return p;
    }

    /** Claims the single probe of a HALF_OPEN breaker for run {@code runId} (> 0). */
    public synchronized boolean claimProbe(long runId, long nowMillis) {
        if (runId <= 0) {
            throw new IllegalArgumentException("runId must be > 0, was " + runId);
        }
        if (state == BreakerState.HALF_OPEN && probeId == 0) {
            probeId = runId;
            probeClaimedMillis = nowMillis;
            probeStarted = false;
            return true;
        }
        return false;
    }

    /**
     * The probe's run has started: from now on only its outcome frees the probe. A probe that never
     * starts is given back after the base open time ({@code breaker.openDuration}), so a fire lost
     * between the decision and the job cannot keep the breaker half-open for good.
     */
    public synchronized void probeStarted(long runId) {
        if (state == BreakerState.HALF_OPEN && probeId == runId) {
            probeStarted = true;
        }
    }

    /** Gives the probe back when the run it was claimed for did not start after all. */
    public synchronized void releaseProbe(long runId) {
        if (state == BreakerState.HALF_OPEN && probeId == runId) {
            probeId = 0;
        }
    }

    /** Records the outcome of run {@code runId}. */
    public void onFinished(long runId, boolean success, long nowMillis) {
        BreakerState from;
        BreakerState to;
        synchronized (this) {
            from = state;
            switch (from) {
                case CLOSED -> record(success, nowMillis);
                case HALF_OPEN -> {
                    if (runId != 0 && runId == probeId) {
                        probeId = 0;
                        if (success) {
                            close();
                        } else {
                            openForMillis = Math.min(config.maxOpenDuration().toMillis(), openForMillis * 2);
                            open(nowMillis);
                        }
                    }
                }
                case OPEN -> {
                    // a run that started before the trip: no news
                }
            }
            to = state;
        }
        if (from != to) {
            fire(from, to, nowMillis);
        }
    }

    /** Operator reset: CLOSED with a clean history. */
    public void reset(long nowMillis) {
        BreakerState from;
        synchronized (this) {
            from = state;
            close();
        }
        if (from != BreakerState.CLOSED) {
            fire(from, BreakerState.CLOSED, nowMillis);
        }
    }

    private void record(boolean success, long nowMillis) {
        boolean failed = !success;
        if (runs == outcomes.length) {
            if (outcomes[next]) {
                failures--;
            }
        } else {
            runs++;
        }
        outcomes[next] = failed;
        next = (next + 1) % outcomes.length;
        if (failed) {
            failures++;
            consecutiveFailures++;
        } else {
            consecutiveFailures = 0;
        }
        boolean rateTrips = runs >= config.window() && failures >= config.failureRate() * runs - 1e-9;
        if (consecutiveFailures >= config.consecutiveFailures() || (failed && rateTrips)) {
            open(nowMillis);
        }
    }

    private void open(long nowMillis) {
        state = BreakerState.OPEN;
        openUntilMillis = nowMillis + openForMillis;
        trips++;
    }

    private void close() {
        state = BreakerState.CLOSED;
        probeId = 0;
        consecutiveFailures = 0;
        runs = 0;
        next = 0;
        failures = 0;
        trips = 0;
        java.util.Arrays.fill(outcomes, false);
        openForMillis = config.openDuration().toMillis();
    }

    private void fire(BreakerState from, BreakerState to, long nowMillis) {
        if (listener != null) {
            listener.onStateChange(jobName, from, to, Instant.ofEpochMilli(nowMillis));
        }
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + jobName + " " + state + "]";
    }
}
