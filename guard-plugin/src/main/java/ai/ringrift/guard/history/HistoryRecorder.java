package ai.ringrift.guard.history;

import ai.ringrift.db.history.HistoryRow;
import ai.ringrift.db.history.HistoryStore;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@link MinuteAggregator}'s ended minutes to the {@link HistoryStore} once a minute, on
 * a thread of its own (a slow database never holds a fire or the sampler). Minutes the database
 * refused are kept, at most {@value #MAX_BACKLOG} (two hours), and written on the next flush; older
 * ones are dropped with a warning. {@link #close} writes what is left, the open minute included.
 */
public final class HistoryRecorder implements AutoCloseable {

    /** Unwritten minutes kept while the database does not answer. */
    public static final int MAX_BACKLOG = 120;
    /** Seconds after each minute's end the flush runs (the minute's last samples are in by then). */
    static final long FLUSH_DELAY_MS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

    private final MinuteAggregator aggregator;
    private final HistoryStore store;
    private final Clock clock;
    private final Deque<HistoryRow> backlog = new ArrayDeque<>();
    private ScheduledExecutorService executor;
    private boolean failing;

    public HistoryRecorder(MinuteAggregator aggregator, HistoryStore store, Clock clock) {
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts flushing just after every minute's end. */
    public synchronized HistoryRecorder start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ringrift-history");
                t.setDaemon(true);
                return t;
            });
            long now = clock.millis();
            long first = 60_000 - Math.floorMod(now, 60_000) + FLUSH_DELAY_MS;
            executor.scheduleAtFixedRate(this::flushQuietly, first, 60_000, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public MinuteAggregator aggregator() {
        return aggregator;
    }

    /** The minute in progress (not yet written). */
    public Optional<HistoryRow> open() {
        return aggregator.open();
    }

    /** Writes the ended minutes (and any backlog); returns how many rows were written. */
    public synchronized int flush() {
        return write(aggregator.completed());
    }

    private int write(List<HistoryRow> rows) {
        backlog.addAll(rows);
        while (backlog.size() > MAX_BACKLOG) {
            HistoryRow dropped = backlog.removeFirst();
            LOG.warn("history: dropped the unwritten minute {} of node {} (more than {} minutes waiting)",
                    dropped.minute(), dropped.nodeId(), MAX_BACKLOG);
        }
        int written = 0;
        while (!backlog.isEmpty()) {
            HistoryRow row = backlog.peekFirst();
            try {
                store.write(row);
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warn("history: {} ({} minutes kept for the next flush)", e.getMessage(), backlog.size());
                    failing = true;
                }
                return written;
            }
            backlog.removeFirst();
            written++;
        }
        if (failing) {
            LOG.info("history: written again");
            failing = false;
        }
        return written;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("history: flush failed: {}", e.toString());
        }
    }

    /** Stops the flush thread and writes everything gathered, the open minute included. */
    @Override
    public void close() {
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
            executor = null;
        }
        if (e != null) {
            e.shutdownNow();
            try {
                e.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            write(new ArrayList<>(aggregator.drainAll()));
        }
    }
}
