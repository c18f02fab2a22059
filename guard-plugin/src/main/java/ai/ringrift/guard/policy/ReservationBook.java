package ai.ringrift.guard.policy;

import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Needs of jobs admitted since the last snapshot, counted as used until a snapshot taken after the
 * job started arrives (the readings then show the job itself) or the job ends. This is what stops
 * a burst of fires between two samples from over-admitting. Thread-safe: the headroom check and the
 * reservation are one atomic step.
 */
final class ReservationBook {

    private static final int N = Resource.values().length;
    private static final Resource[] ALL = Resource.values();

    private static final class Entry {
        final ResourceNeeds needs;
        long startedAtMillis;

        Entry(ResourceNeeds needs, long startedAtMillis) {
            this.needs = needs;
            this.startedAtMillis = startedAtMillis;
        }
    }

    private final Map<Long, Entry> entries = new HashMap<>();
    private final double[] reserved = new double[N];

    /**
     * Checks that the needs fit under the state's budgets with everything already reserved, and if
     * so reserves them under {@code id}. Resources without a known budget (missing reading, no byte
     * counts, no core count) are not checked.
     *
     * @param check false to reserve without checking (reclaim jobs, stale snapshots)
     * @return {@code null} when reserved, else the first resource that does not fit
     */
    synchronized Resource tryReserve(long id, ResourceNeeds needs, LevelState state, long nowMillis, boolean check) {
        if (needs.isNone()) {
            return null;
        }
        if (check) {
            for (int i = 0; i < N; i++) {
                double need = needs.amount(ALL[i]);
                double budget = state.budget[i];
                if (need > 0 && !Double.isNaN(budget)
                        && state.used[i] + reserved[i] + need > budget + LevelBands.EPSILON) {
                    return ALL[i];
                }
            }
        }
        for (int i = 0; i < N; i++) {
            reserved[i] += needs.amount(ALL[i]);
        }
        entries.put(id, new Entry(needs, nowMillis));
        return null;
    }

    /** The job of reservation {@code id} started now (it was admitted earlier). */
    synchronized void markStarted(long id, long nowMillis) {
        Entry e = entries.get(id);
        if (e != null) {
            e.startedAtMillis = nowMillis;
        }
    }

    synchronized boolean release(long id) {
        Entry e = entries.remove(id);
        if (e == null) {
            return false;
        }
        subtract(e.needs);
        return true;
    }

    /** Releases the reservations of jobs that started before {@code takenAtMillis}. */
    synchronized void releaseStartedBefore(long takenAtMillis) {
        if (entries.isEmpty()) {
            return;
        }
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.startedAtMillis < takenAtMillis) {
                subtract(e.needs);
                it.remove();
            }
        }
        if (entries.isEmpty()) {
            java.util.Arrays.fill(reserved, 0);
        }
    }

    private void subtract(ResourceNeeds needs) {
        for (int i = 0; i < N; i++) {
            reserved[i] = Math.max(0, reserved[i] - needs.amount(ALL[i]));
        }
        if (entries.isEmpty()) {
            java.util.Arrays.fill(reserved, 0); // no drift from floating-point sums
        }
    }

    synchronized double reserved(Resource r) {
        return reserved[r.ordinal()];
    }

    synchronized int size() {
        return entries.size();
    }
}
