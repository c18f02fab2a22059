package ai.ringrift.guard.history;

import ai.ringrift.db.history.HistoryRow;
import ai.ringrift.db.history.HistoryRow.Decisions;
import ai.ringrift.db.history.HistoryRow.Stat;
import ai.ringrift.guard.pipeline.DecisionSink;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * One node's minute of history being gathered: fed every snapshot (with the level the engine
 * derived from it) and every decision the pipeline records, it keeps per resource the sum, maximum
 * and count of used %, the highest and last level and the decisions by kind of the open minute.
 * {@link #completed} hands over the minutes that have ended and starts the next; {@link #open}
 * shows the minute in progress (the status page's newest point). Thread-safe: decisions arrive
 * from every worker thread, snapshots from the sampler.
 */
public final class MinuteAggregator implements DecisionSink {

    private static final Resource[] RESOURCES = {Resource.CPU, Resource.MEMORY, Resource.GPU, Resource.DISK};

    private final String nodeId;
    private final Clock clock;
    private final IntSupplier level;
    private Minute open;
    private final List<HistoryRow> ended = new ArrayList<>();

    /**
     * @param level the engine's current level, read after it has taken each snapshot
     */
    public MinuteAggregator(String nodeId, Clock clock, IntSupplier level) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.level = Objects.requireNonNull(level, "level");
    }

    /** The minute {@code t} falls in. */
    public static Instant minuteOf(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES);
    }

    /** A snapshot was taken (called after the engine took it, so {@code level} is its level). */
    public void onSnapshot(Snapshot snapshot) {
        int lv = level.getAsInt();
        synchronized (this) {
            Minute m = minute(clock.instant());
            m.samples++;
            for (int i = 0; i < RESOURCES.length; i++) {
                Reading r = snapshot.reading(RESOURCES[i]);
                if (r != null && Double.isFinite(r.usedPercent())) {
                    m.sum[i] += r.usedPercent();
                    m.max[i] = m.count[i] == 0 ? r.usedPercent() : Math.max(m.max[i], r.usedPercent());
                    m.count[i]++;
                }
            }
            m.levelMax = Math.max(m.levelMax, lv);
            m.levelLast = lv;
        }
    }

    /** A decision row of the pipeline: counted by kind (ALLOW, RESIZE, DEFER, VETO, EVICT). */
    @Override
    public void recordDecision(String decision, String priority, String reason) {
        synchronized (this) {
            Minute m = minute(clock.instant());
            switch (decision) {
                case "ALLOW" -> m.allow++;
                case "RESIZE" -> m.resize++;
                case "DEFER" -> m.defer++;
                case "VETO" -> m.veto++;
                case "EVICT" -> m.evict++;
                default -> {
                    // lifecycle rows (SUPERSEDED, EXPIRED) are not decisions of a fire
                }
            }
        }
    }

    /** The minutes that ended before now (oldest first), handed over once; the open minute stays. */
    public synchronized List<HistoryRow> completed() {
        roll(clock.instant());
        List<HistoryRow> out = List.copyOf(ended);
        ended.clear();
        return out;
    }

    /** Every minute gathered, the open one included (at shutdown). */
    public synchronized List<HistoryRow> drainAll() {
        List<HistoryRow> out = new ArrayList<>(completed());
        if (open != null) {
            out.add(open.row(nodeId));
            open = null;
        }
        return out;
    }

    /** The minute in progress, if anything was recorded in it. */
    public synchronized Optional<HistoryRow> open() {
        roll(clock.instant());
        return Optional.ofNullable(open).map(m -> m.row(nodeId));
    }

    /** The open minute for {@code now}, begun if need be. */
    private Minute minute(Instant now) {
        roll(now);
        if (open == null) {
            open = new Minute(minuteOf(now), level.getAsInt());
        }
        return open;
    }

    /** Ends the open minute when {@code now} is outside it (or the clock went back: its counts keep their own row). */
    private void roll(Instant now) {
        if (open != null && !open.start.equals(minuteOf(now))) {
            ended.add(open.row(nodeId));
            open = null;
        }
    }

    /** Mutable counters of one minute; guarded by the aggregator. */
    private static final class Minute {
        final Instant start;
        final double[] sum = new double[RESOURCES.length];
        final double[] max = new double[RESOURCES.length];
        final int[] count = new int[RESOURCES.length];
        int samples;
        int levelMax;
        int levelLast;
        int allow;
        int resize;
        int defer;
        int veto;
        int evict;

        Minute(Instant start, int level) {
            this.start = start;
            this.levelMax = level;
            this.levelLast = level;
        }

        HistoryRow row(String nodeId) {
            Stat[] s = new Stat[RESOURCES.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = Stat.of(sum[i], max[i], count[i]);
            }
            return new HistoryRow(nodeId, start, samples, s[0], s[1], s[2], s[3], levelMax, levelLast,
                    new Decisions(allow, resize, defer, veto, evict));
        }
    }
}
