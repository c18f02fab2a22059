package ai.ringrift.db.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One node's minute of utilisation history (table {@code guard_history}, one row per node per
 * minute).
 *
 * @param nodeId    the node
 * @param minute    the start of the minute (UTC, seconds and below zero)
 * @param samples   snapshots seen in the minute
 * @param cpu       CPU used %: average and maximum over the minute's readings
 * @param memory    memory used %
 * @param gpu       GPU memory used % (no readings on a host without a GPU)
 * @param disk      disk used % (the fullest watched path)
 * @param levelMax  the highest degradation level in the minute
 * @param levelLast the level at the minute's last snapshot
 * @param decisions decisions made in the minute, by kind
 */
public record HistoryRow(String nodeId, Instant minute, int samples, Stat cpu, Stat memory, Stat gpu, Stat disk,
                         int levelMax, int levelLast, Decisions decisions) {

    public HistoryRow {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(decisions, "decisions");
    }

    /**
     * This minute and a later part of the same minute (a node restarted within it): averages
     * weighted by their readings, maxima and counts combined, the later part's last level.
     */
    public HistoryRow merge(HistoryRow later) {
        if (!nodeId.equals(later.nodeId) || !minute.equals(later.minute)) {
            throw new IllegalArgumentException("cannot merge " + later.nodeId + "@" + later.minute + " into "
                    + nodeId + "@" + minute);
        }
        return new HistoryRow(nodeId, minute, samples + later.samples, cpu.merge(later.cpu),
                memory.merge(later.memory), gpu.merge(later.gpu), disk.merge(later.disk),
                Math.max(levelMax, later.levelMax), later.samples > 0 ? later.levelLast : levelLast,
                decisions.plus(later.decisions));
    }

    /** Average and maximum of one resource's used % over {@code samples} readings; null values without readings. */
    public record Stat(Double avg, Double max, int samples) {

        public static final Stat NONE = new Stat(null, null, 0);

        public Stat {
            if (samples < 0) {
                throw new IllegalArgumentException("samples must be >= 0, was " + samples);
            }
            if (samples == 0) {
                avg = null;
                max = null;
            } else {
                Objects.requireNonNull(avg, "avg");
                Objects.requireNonNull(max, "max");
            }
        }

        /** The statistic of {@code samples} readings summing to {@code sum} with maximum {@code max}. */
        public static Stat of(double sum, double max, int samples) {
            return samples == 0 ? NONE : new Stat(sum / samples, max, samples);
        }

        Stat merge(Stat o) {
            if (o.samples == 0) {
                return this;
            }
            if (samples == 0) {
                return o;
            }
            return of(avg * samples + o.avg * o.samples, Math.max(max, o.max), samples + o.samples);
        }
    }

    /** Decisions made in a minute, by kind (ALLOW, RESIZE, DEFER, VETO, EVICT). */
    public record Decisions(int allow, int resize, int defer, int veto, int evict) {

        public static final Decisions NONE = new Decisions(0, 0, 0, 0, 0);

        public Decisions plus(Decisions o) {
            return new Decisions(allow + o.allow, resize + o.resize, defer + o.defer, veto + o.veto, evict + o.evict);
        }

        public int total() {
            return allow + resize + defer + veto + evict;
        }
    }
}
