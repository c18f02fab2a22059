package ai.ringrift.guard.policy;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the engine derived from one snapshot, immutable: per resource the ratio, the level with
 * hysteresis and the headroom figures, plus the level and worst resource of the two resource sets
 * a job can count (CPU+memory+disk, and all four). Built once per snapshot, read lock-free by
 * every decision.
 *
 * <p>Hysteresis is kept per resource, so jobs counting different resource sets share one
 * consistent state: a job's level is the maximum hysteresis level over the resources that count
 * for it. A resource's level rises at once to its band; it falls only after its ratio has stayed
 * below (lower edge of its level - margin) for the dwell time, and then to the band of the
 * highest ratio seen during that time plus the margin.
 *
 * <p>A gap (a sample without the resource's reading: a failed NVML call) does not reset this: the
 * resource has no level while its reading is missing (jobs that count it are decided by the fail
 * policy, see {@link DecisionEngine}), but the level it had is kept and the next reading continues
 * from it, with the fall clock restarted (nothing is known about the gap, so it never counts as
 * time spent below). A level set by a {@link Snapshot#startup() start-up} snapshot is provisional:
 * the next reading replaces it at once instead of dwelling, so the guard's own start-up (and the
 * host application's) does not hold the level for a whole dwell.
 */
final class LevelState {

    private static final int N = Resource.values().length;
    private static final long NONE = Long.MIN_VALUE;

    final Snapshot snapshot;
    final long takenAtMillis;
    final long staleAfterMillis;
    final boolean neverSampled;
    final double[] ratio = new double[N];       // NaN: missing
    final double[] usedPercent = new double[N];
    final int[] level = new int[N];              // -1: missing
    final int[] held = new int[N];               // the hysteresis level, kept through gaps; -1: none yet
    final boolean[] provisional = new boolean[N]; // held was set by a start-up snapshot
    final long[] belowSince = new long[N];
    final double[] maxBelow = new double[N];
    final double[] budget = new double[N];       // GB or cores under max; NaN: unknown
    final double[] used = new double[N];         // GB or cores
    final int coreLevel;
    final Resource coreWorst;
    final int allLevel;
    final Resource allWorst;
    final Map<Resource, Double> ratios;

    /** The state before any snapshot: nothing measured, level 0, stale. */
    static LevelState initial() {
        return new LevelState();
    }

    private LevelState() {
        snapshot = null;
        takenAtMillis = 0;
        staleAfterMillis = 0;
        neverSampled = true;
        for (int i = 0; i < N; i++) {
            ratio[i] = Double.NaN;
            level[i] = -1;
            held[i] = -1;
            belowSince[i] = NONE;
            budget[i] = Double.NaN;
        }
        coreLevel = 0;
        coreWorst = null;
        allLevel = 0;
        allWorst = null;
        ratios = Map.of();
    }

    LevelState(LevelState prev, Snapshot s, EngineSettings config, LevelBands bands) {
        snapshot = s;
        takenAtMillis = s.takenAt().toEpochMilli();
        staleAfterMillis = s.staleAfter().toMillis();
        neverSampled = s.sequence() < 0;
        long dwellMillis = config.levels().dwell().toMillis();
        double margin = config.levels().margin();
        EnumMap<Resource, Double> rs = new EnumMap<>(Resource.class);
        Resource[] all = Resource.values();
        for (int i = 0; i < N; i++) {
            Resource r = all[i];
            Reading reading = s.reading(r);
            budget[i] = Double.NaN;
            if (reading == null) {
                ratio[i] = Double.NaN;
                level[i] = -1;
                held[i] = prev.held[i];          // a gap keeps the level ...
                provisional[i] = prev.provisional[i];
                belowSince[i] = NONE;            // ... and restarts the fall clock
                continue;
            }
            ResourceLimit limit = config.limits().of(r);
            double rt = limit.ratio(r, reading);
            ratio[i] = rt;
            usedPercent[i] = reading.usedPercent();
            rs.put(r, rt);
            hysteresis(i, prev, rt, bands, margin, dwellMillis);
            held[i] = level[i];
            provisional[i] = s.startup();
            headroom(i, r, reading, limit, s);
        }
        ratios = Collections.unmodifiableMap(rs);
        int cl = 0;
        int al = 0;
        Resource cw = null;
        Resource aw = null;
        for (int i = 0; i < N; i++) {
            if (level[i] < 0) {
                continue;
            }
            if (aw == null || worse(i, aw.ordinal())) {
                aw = all[i];
                al = level[i];
            }
            if (all[i] != Resource.GPU && (cw == null || worse(i, cw.ordinal()))) {
                cw = all[i];
                cl = level[i];
            }
        }
        coreLevel = cl;
        coreWorst = cw;
        allLevel = al;
        allWorst = aw;
    }

    private boolean worse(int i, int j) {
        return level[i] > level[j] || (level[i] == level[j] && ratio[i] > ratio[j]);
    }

    private void hysteresis(int i, LevelState prev, double rt, LevelBands bands, double margin, long dwellMillis) {
        int raw = bands.levelOf(rt);
        int h = prev.provisional[i] ? -1 : prev.held[i];
        belowSince[i] = NONE;
        if (h < 0 || raw >= h) {
            level[i] = raw;
            return;
        }
        level[i] = h;
        if (rt >= bands.lowerEdge(h) - margin) {
            return; // not far enough below: the fall clock restarts
        }
        long since = prev.belowSince[i] == NONE ? takenAtMillis : prev.belowSince[i];
        double mx = prev.belowSince[i] == NONE ? rt : Math.max(prev.maxBelow[i], rt);
        if (takenAtMillis - since >= dwellMillis) {
            level[i] = Math.max(raw, Math.min(h - 1, bands.levelOf(mx + margin)));
        } else {
            belowSince[i] = since;
            maxBelow[i] = mx;
        }
    }

    private void headroom(int i, Resource r, Reading reading, ResourceLimit limit, Snapshot s) {
        Headroom h = Headroom.of(r, reading, limit, s);
        if (h.known()) {
            budget[i] = h.budget();
            used[i] = h.used();
        }
    }

    /** Stale at {@code nowMillis}: never sampled, or older than the snapshot's staleAfter. */
    boolean isStale(long nowMillis) {
        return neverSampled || snapshot == null || nowMillis - takenAtMillis > staleAfterMillis;
    }

    /** True when {@code r}'s reading is far enough below its held level that the dwell time is counting. */
    boolean fallClockRunning(Resource r) {
        return belowSince[r.ordinal()] != NONE;
    }

    double ratio(Resource r) {
        return ratio[r.ordinal()];
    }

    int hostLevel() {
        return allLevel;
    }
}
