package ai.ringrift.guard.eviction;

import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.RequiredReadings;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Which running fires may be evicted now, in order. A fire is a candidate when
 * <ul>
 *   <li>the level that counts for it is 4, both as the engine holds it (with hysteresis: the level
 *       its admission sees) and in the snapshot just measured (without hysteresis, so eviction
 *       stops as soon as the reading falls below the level-4 edge);</li>
 *   <li>its priority is below CRITICAL;</li>
 *   <li>it does not relieve the worst of its resources (a cleanup job that frees disk is never
 *       evicted while disk is the worst reading: it is the way out);</li>
 *   <li>it was not interrupted already nor passed over (shadow mode, not interruptible).</li>
 * </ul>
 * Order: lowest priority first, then the most recently started (the kubelet's choice: the least
 * work is lost). A stale snapshot chooses nothing: no running work is stopped on old readings.
 */
final class Victims {

    static final int EVICT_LEVEL = 4;

    /** A fire that may be evicted, with the reading that makes it so. */
    record Candidate(RunningFire fire, Resource worst, double usedPercent, double ratio) {
    }

    private Victims() {
    }

    static List<Candidate> rank(Collection<RunningFire> fires, Snapshot s, EngineSettings policy,
                                ToIntFunction<JobDeclaration> heldLevel, Instant now) {
        List<Candidate> out = new ArrayList<>();
        if (s == null || s.isStale(now)) {
            return out;
        }
        for (RunningFire f : fires) {
            JobDeclaration d = f.request().declaration();
            if (!f.candidate() || d.priority() == Priority.CRITICAL || heldLevel.applyAsInt(d) < EVICT_LEVEL) {
                continue;
            }
            Candidate c = worst(f, s, policy);
            if (c != null && policy.levelOf(c.ratio()) >= EVICT_LEVEL && !d.relieves().contains(c.worst())) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingInt((Candidate c) -> c.fire().request().priority().ordinal())
                .thenComparing((Candidate c) -> c.fire().startedAt(), Comparator.reverseOrder()));
        return out;
    }

    /** The worst measured resource that counts for the fire (GPU only where it counts), or null. */
    private static Candidate worst(RunningFire f, Snapshot s, EngineSettings policy) {
        boolean gpu = RequiredReadings.countsGpu(f.request().declaration());
        Candidate worst = null;
        for (Resource r : Resource.values()) {
            Reading reading = s.reading(r);
            if (reading == null || (r == Resource.GPU && !gpu)) {
                continue;
            }
            double ratio = policy.limits().of(r).ratio(r, reading);
            if (worst == null || ratio > worst.ratio()) {
                worst = new Candidate(f, r, reading.usedPercent(), ratio);
            }
        }
        return worst;
    }
}
