package ai.ringrift.guard.runtime;

import ai.ringrift.db.audit.AuditFormat;
import ai.ringrift.db.history.HistoryRow;
import ai.ringrift.db.history.HistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The history query shared by {@code ringrift history} and {@code GET /api/history}: {@code since}
 * (default {@value #DEFAULT_SINCE}; a relative age such as {@code 24h} or an ISO-8601 instant),
 * {@code until}, {@code node} and {@code step} (minutes per point; default: as many as keep the
 * answer within {@value #TARGET_POINTS} points per node, so 7 days come as 15-minute points).
 * A point of several minutes averages their averages weighted by readings, keeps the highest
 * maximum and level, and adds up the decisions. Every bad value is an
 * {@link IllegalArgumentException} naming the parameter.
 */
public final class HistoryParams {

    public static final Set<String> NAMES = Set.of("since", "until", "node", "step");
    public static final String DEFAULT_SINCE = "1h";
    /** Points per node the default step aims at. */
    public static final int TARGET_POINTS = 720;
    /** The largest step: one point a day. */
    public static final int MAX_STEP_MINUTES = 24 * 60;

    private HistoryParams() {
    }

    /**
     * The answer: the window, minutes per point, and the points ordered by minute then node.
     *
     * @param stepMinutes minutes each point covers
     * @param rows        the points; each point's {@code minute} is the start of its step
     */
    public record Response(Instant since, Instant until, int stepMinutes, List<HistoryRow> rows) {
    }

    /**
     * Reads the window from {@code store}; {@code open} is the node's minute in progress (not yet
     * written), shown as the newest point when it falls in the window.
     */
    public static Response query(HistoryStore store, Optional<HistoryRow> open, Map<String, String> params,
                                 Instant now) {
        for (String key : params.keySet()) {
            if (!NAMES.contains(key)) {
                throw new IllegalArgumentException("unknown history filter '" + key + "': use one of "
                        + String.join(", ", NAMES.stream().sorted().toList()));
            }
        }
        // from the start of the minute since falls in: that minute's row covers the window's start
        Instant since = time("since", params.getOrDefault("since", DEFAULT_SINCE), now)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String untilText = params.get("until");
        Instant until = untilText == null || untilText.isBlank() ? null : time("until", untilText, now);
        if (until != null && !until.isAfter(since)) {
            throw new IllegalArgumentException("until must be after since");
        }
        String node = params.get("node");
        node = node == null || node.isBlank() ? null : node.trim();
        int step = step(params.get("step"), since, until == null ? now : until);
        List<HistoryRow> rows = new ArrayList<>(store.find(node, since, until));
        if (open.isPresent()) {
            HistoryRow o = open.get();
            boolean inWindow = !o.minute().isBefore(since) && (until == null || o.minute().isBefore(until));
            if (inWindow && (node == null || node.equals(o.nodeId()))) {
                rows.add(o);
            }
        }
        return new Response(since, until, step, bucket(rows, step));
    }

    /** Rows combined into points of {@code stepMinutes} per node (rows of one minute merge too). */
    static List<HistoryRow> bucket(List<HistoryRow> rows, int stepMinutes) {
        long stepSeconds = stepMinutes * 60L;
        Map<Instant, Map<String, HistoryRow>> points = new TreeMap<>();
        for (HistoryRow r : rows) {
            long s = r.minute().getEpochSecond();
            Instant start = Instant.ofEpochSecond(s - Math.floorMod(s, stepSeconds));
            HistoryRow moved = new HistoryRow(r.nodeId(), start, r.samples(), r.cpu(), r.memory(), r.gpu(), r.disk(),
                    r.levelMax(), r.levelLast(), r.decisions());
            points.computeIfAbsent(start, k -> new TreeMap<>()).merge(r.nodeId(), moved, HistoryRow::merge);
        }
        List<HistoryRow> out = new ArrayList<>();
        points.values().forEach(byNode -> out.addAll(byNode.values()));
        return out;
    }

    private static int step(String text, Instant since, Instant until) {
        if (text == null || text.isBlank()) {
            long minutes = Math.max(1, Duration.between(since, until).toMinutes());
            int step = (int) Math.min(MAX_STEP_MINUTES, (minutes + TARGET_POINTS - 1) / TARGET_POINTS);
            for (int nice : new int[]{1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, MAX_STEP_MINUTES}) {
                if (nice >= step) {
                    return nice;
                }
            }
            return MAX_STEP_MINUTES;
        }
        try {
            int step = Integer.parseInt(text.trim());
            if (step >= 1 && step <= MAX_STEP_MINUTES) {
                return step;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("step must be a whole number of minutes from 1 to " + MAX_STEP_MINUTES
                + ", was '" + text + "'");
    }

    private static Instant time(String name, String text, Instant now) {
        try {
            return AuditFormat.parseSince(text.trim(), now);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }
}
