package ai.ringrift.cli;

import ai.ringrift.db.audit.AuditFilter;
import ai.ringrift.db.audit.AuditQuery;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code ringrift audit --follow}: like {@code tail -f}, the last few matching decisions, then each
 * new one as the audit log stores it, oldest first. Polls every {@link #POLL}. Rows are stamped when
 * decided, not when stored (a batch, a spool replayed after an outage), so each poll looks back
 * {@link #LOOKBACK} before the newest row seen and skips the rows already printed.
 */
final class AuditFollow {

    static final Duration POLL = Duration.ofMillis(500);
    static final Duration LOOKBACK = Duration.ofMinutes(2);

    private final AuditQuery query;
    private final AuditFilter filter;
    private final Consumer<DecisionRow> print;
    private final Map<OutcomeQuery.Key, Instant> printed = new HashMap<>();
    private Instant newest;
    private long count;

    AuditFollow(AuditQuery query, AuditFilter filter, Consumer<DecisionRow> print) {
        this.query = query;
        this.filter = filter;
        this.print = print;
    }

    /**
     * Prints the last {@code backlog} rows, then new rows until {@code stop} opens, {@code stopAfter}
     * rows were printed ({@code 0}: no bound) or {@code broken} says the output went away.
     */
    void run(int backlog, long stopAfter, CountDownLatch stop, java.util.function.BooleanSupplier broken)
            throws InterruptedException {
        Instant started = Instant.now();
        emit(query.find(withSince(filter.since(), backlog)).rows(), stopAfter);
        if (newest != null) {
            // stored rows older than the backlog's newest are not news: mark those the polls will see
            for (DecisionRow r : query.find(withSince(from(started), AuditFilter.MAX_LIMIT)).rows()) {
                if (!r.decidedAt().isAfter(newest)) {
                    printed.putIfAbsent(OutcomeQuery.Key.of(r), r.decidedAt());
                }
            }
        }
        while (!(stopAfter > 0 && count >= stopAfter) && !broken.getAsBoolean()) {
            if (stop.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            emit(query.find(withSince(from(started), AuditFilter.MAX_LIMIT)).rows(), stopAfter);
        }
    }

    /** Where a poll starts: {@link #LOOKBACK} before the newest row printed (or the start), not before --since. */
    private Instant from(Instant started) {
        Instant from = (newest == null ? started : newest).minus(LOOKBACK);
        return filter.since() != null && from.isBefore(filter.since()) ? filter.since() : from;
    }

    private void emit(List<DecisionRow> newestFirst, long stopAfter) {
        List<DecisionRow> rows = new ArrayList<>(newestFirst);
        rows.sort(Comparator.comparing(DecisionRow::decidedAt).thenComparing(DecisionRow::nodeId)
                .thenComparingLong(DecisionRow::seq));
        for (DecisionRow r : rows) {
            if (printed.putIfAbsent(OutcomeQuery.Key.of(r), r.decidedAt()) != null) {
                continue;
            }
            if (newest == null || r.decidedAt().isAfter(newest)) {
                newest = r.decidedAt();
            }
            print.accept(r);
            count++;
            if (stopAfter > 0 && count >= stopAfter) {
                return;
            }
        }
        if (newest != null) {
            Instant forget = newest.minus(LOOKBACK).minus(LOOKBACK);
            printed.values().removeIf(t -> t.isBefore(forget));
        }
    }

    private AuditFilter withSince(Instant since, int limit) {
        return new AuditFilter(since, null, filter.jobName(), filter.jobPrefix(), filter.decisions(),
                filter.priorities(), filter.reasonCode(), filter.nodeId(), limit, null);
    }
}
