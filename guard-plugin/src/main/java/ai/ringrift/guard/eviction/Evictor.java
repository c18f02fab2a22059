package ai.ringrift.guard.eviction;

import ai.ringrift.guard.pipeline.DecisionKey;
import ai.ringrift.guard.pipeline.EvictResult;
import ai.ringrift.guard.pipeline.GuardPipeline;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level 4 "abort operations" (DESIGN.md section 5): on each new snapshot, when the level that
 * counts for a running fire is 4, interrupts one fire below CRITICAL through the pipeline's EVICT
 * step ({@link GuardPipeline#evict}), chosen by {@link Victims} (lowest priority, then the most
 * recently started), then waits one eviction interval before the next, so the next choice is made
 * on readings taken after the last eviction (the kubelet's pace); it stops as soon as the readings
 * fall below level 4. A fire that cannot be interrupted is reported once and passed over for the
 * next candidate; in shadow mode each candidate is audited once as a would-be eviction and keeps
 * running. An interrupted fire still running past the grace period is reported once, never killed.
 *
 * <p>Runs on its own thread (the sampler only hands it the snapshot), one evaluation at a time;
 * a snapshot that arrives while one is under way replaces the one waiting.
 */
public final class Evictor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Evictor.class);
    public static final String THREAD_NAME = "ringrift-evictor";

    private final EvictionSettings settings;
    private final Duration interval;
    private final RunningFires fires;
    private final GuardPipeline pipeline;
    private final EngineSettings policy;
    private final ToIntFunction<JobDeclaration> heldLevel;
    private final Clock clock;
    private final ExecutorService thread;
    private final AtomicReference<Snapshot> waiting = new AtomicReference<>();
    private volatile Instant lastActedOn;

    /**
     * @param samplingInterval the sampler's interval (the eviction interval defaults to two of them)
     * @param heldLevel        the level that counts for a declaration now, with hysteresis (the engine's)
     */
    public Evictor(EvictionSettings settings, Duration samplingInterval, RunningFires fires, GuardPipeline pipeline,
                   EngineSettings policy, ToIntFunction<JobDeclaration> heldLevel, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.interval = settings.intervalFor(samplingInterval);
        this.fires = Objects.requireNonNull(fires, "fires");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.heldLevel = Objects.requireNonNull(heldLevel, "heldLevel");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    public Duration interval() {
        return interval;
    }

    /** Sampler listener: evaluates {@code snapshot} on the evictor's thread. Never throws. */
    public void onSnapshot(Snapshot snapshot) {
        if (waiting.getAndSet(snapshot) != null) {
            return; // an evaluation is queued already; it takes this newer snapshot
        }
        try {
            thread.execute(() -> {
                Snapshot s = waiting.getAndSet(null);
                if (s != null) {
                    evaluate(s);
                }
            });
        } catch (RejectedExecutionException e) {
            waiting.set(null); // closed
        }
    }

    /** One evaluation on {@code s}: the grace-period reports, then at most one eviction. Never throws. */
    void evaluate(Snapshot s) {
        try {
            Instant now = clock.instant();
            reportIgnored(s, now);
            if (!settings.enabled()) {
                return;
            }
            Instant last = lastActedOn;
            if (last != null && s.takenAt().isBefore(last.plus(interval))) {
                return; // not yet re-measured after the last eviction
            }
            List<RunningFire> running = fires.all();
            for (Victims.Candidate c : Victims.rank(running, s, policy, heldLevel, now)) {
                RunningFire f = c.fire();
                EvictResult r = pipeline.evict(f.request(), why(c, running.size(), now), Victims.EVICT_LEVEL, s,
                        f.port(clock));
                switch (r.kind()) {
                    case EVICTED, EVICTED_NOT_DEFERRED -> {
                        lastActedOn = s.takenAt();
                        return;
                    }
                    case SHADOWED -> {
                        f.passOver();
                        lastActedOn = s.takenAt();
                        return;
                    }
                    case NOT_INTERRUPTIBLE -> f.passOver(); // reported; the next candidate in this interval
                    case NOT_DONE -> {
                        lastActedOn = s.takenAt(); // try again after an interval
                        return;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("guard: eviction step failed", e);
        }
    }

    private void reportIgnored(Snapshot s, Instant now) {
        for (RunningFire f : fires.all()) {
            Instant at = f.interruptedAt();
            DecisionKey by = f.evictedBy();
            if (at != null && by != null && !f.ignoreReported() && !now.isBefore(at.plus(settings.gracePeriod()))) {
                f.reportIgnore();
                pipeline.evictionIgnored(f.request(), by.seq(), Duration.between(at, now), Victims.EVICT_LEVEL, s);
            }
        }
    }

    private static String why(Victims.Candidate c, int running, Instant now) {
        RunningFire f = c.fire();
        long ago = Math.max(0, Duration.between(f.startedAt(), now).toSeconds());
        return String.format(Locale.ROOT, "level 4: %s %.1f %% used (ratio %.2f); chosen of %d running: %s,"
                        + " lowest priority first, then the most recently started (%d s ago)",
                c.worst().key(), c.usedPercent(), c.ratio(), running, f.request().priority(), ago);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
