package ai.ringrift.guard.runtime;

import ai.ringrift.db.audit.AuditCursor;
import ai.ringrift.db.audit.AuditFilter;
import ai.ringrift.db.audit.AuditFormat;
import ai.ringrift.db.audit.AuditQuery;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.scheduler.model.Priority;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The audit filters shared by {@code ringrift audit} and {@code GET /api/audit}: {@code since},
 * {@code until} (ISO-8601 instant or a relative age such as {@code 1h}, {@code 7d}), {@code job}
 * (exact name, or a prefix ending in {@code *}), {@code decision} and {@code priority} (comma
 * lists), {@code reason}, {@code node}, {@code limit} and {@code after} (the paging cursor). Every
 * bad value is an {@link IllegalArgumentException} naming the parameter.
 */
public final class AuditParams {

    public static final Set<String> NAMES = Set.of("since", "until", "job", "decision", "priority", "reason", "node",
            "limit", "after");

    private AuditParams() {
    }

    /** One page of the audit log and the cursor of the next, if any. */
    public record Response(List<DecisionRow> rows, String next) {
    }

    /** Runs the query described by {@code params}. */
    public static Response query(AuditQuery query, Map<String, String> params) {
        var page = query.find(toFilter(params));
        return new Response(page.rows(), page.next() == null ? null : page.next().token());
    }

    /** A decision and its outcome (null until an admitted fire has finished, and for fires not admitted). */
    public record Entry(DecisionRow decision, OutcomeRow outcome) {
    }

    /** One page of decisions, each with its outcome, and the cursor of the next page. */
    public record WithOutcomes(List<Entry> rows, String next) {
    }

    /** {@link #query} with each decision's outcome (the status page's table). */
    public static WithOutcomes queryWithOutcomes(AuditQuery query, Map<String, String> params) {
        var page = query.find(toFilter(params));
        Map<String, OutcomeRow> outcomes = new java.util.HashMap<>();
        for (OutcomeRow o : query.outcomesOf(page.rows())) {
            outcomes.put(o.nodeId() + "/" + o.decisionSeq(), o);
        }
        List<Entry> rows = new ArrayList<>();
        for (DecisionRow d : page.rows()) {
            rows.add(new Entry(d, outcomes.get(d.nodeId() + "/" + d.seq())));
        }
        return new WithOutcomes(rows, page.next() == null ? null : page.next().token());
    }

    /** Builds the filter; throws naming the parameter on bad input. */
    public static AuditFilter toFilter(Map<String, String> params) {
        for (String key : params.keySet()) {
            if (!NAMES.contains(key)) {
                throw new IllegalArgumentException("unknown audit filter '" + key + "': use one of "
                        + String.join(", ", NAMES.stream().sorted().toList()));
            }
        }
        AuditFilter.Builder b = AuditFilter.builder();
        String v;
        if ((v = params.get("since")) != null) {
            b.since(time("since", v));
        }
        if ((v = params.get("until")) != null) {
            b.until(time("until", v));
        }
        if ((v = params.get("job")) != null && !v.isBlank()) {
            if (v.endsWith("*")) {
                b.jobNamePrefix(v.substring(0, v.length() - 1));
            } else {
                b.jobName(v);
            }
        }
        if ((v = params.get("decision")) != null) {
            b.decisions(list("decision", v, DecisionRow.DECISIONS));
        }
        if ((v = params.get("priority")) != null) {
            List<String> priorities = new ArrayList<>();
            for (String p : split(v)) {
                try {
                    priorities.add(Priority.parse(p).name());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("priority: " + e.getMessage());
                }
            }
            b.priorities(priorities);
        }
        if ((v = params.get("reason")) != null && !v.isBlank()) {
            b.reasonCode(v.trim().toUpperCase(Locale.ROOT));
        }
        if ((v = params.get("node")) != null && !v.isBlank()) {
            b.nodeId(v.trim());
        }
        if ((v = params.get("limit")) != null) {
            try {
                int limit = Integer.parseInt(v.trim());
                if (limit < 1 || limit > AuditFilter.MAX_LIMIT) {
                    throw new NumberFormatException();
                }
                b.limit(limit);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit must be a whole number from 1 to " + AuditFilter.MAX_LIMIT
                        + ", was '" + v + "'");
            }
        }
        if ((v = params.get("after")) != null && !v.isBlank()) {
            try {
                b.after(AuditCursor.parse(v.trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("after: not a cursor returned by an earlier query: '" + v + "'");
            }
        }
        return b.build();
    }

    private static java.time.Instant time(String name, String text) {
        try {
            return AuditFormat.parseSince(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static List<String> list(String name, String text, Set<String> allowed) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : split(text)) {
            String u = s.toUpperCase(Locale.ROOT);
            if (!allowed.contains(u)) {
                throw new IllegalArgumentException(name + ": unknown value '" + s + "': use one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            out.add(u);
        }
        return List.copyOf(out);
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
