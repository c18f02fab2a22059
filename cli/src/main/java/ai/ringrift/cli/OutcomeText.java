package ai.ringrift.cli;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.db.audit.AuditFormat;
import ai.ringrift.guard.runtime.Guard;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** How the CLI words what became of a decision: did not run, no outcome yet, succeeded or failed, in how long. */
final class OutcomeText {

    private static final Set<String> ADMITTED = Set.of("ALLOW", "RESIZE");

    private OutcomeText() {
    }

    /** {@code succeeded 1.2s}, {@code failed 0.3s: IOException: disk full}, {@code no outcome yet}, or {@code -}. */
    static String of(DecisionRow d, OutcomeRow o) {
        if (!ADMITTED.contains(d.decision())) {
            return "-";
        }
        if (o == null) {
            return "no outcome yet";
        }
        if (!o.success() && o.outOfMemory()) {
            return "OOM";
        }
        return (o.success() ? "succeeded " : "failed ") + duration(o.durationMs()) + error(o);
    }

    /** {@code : IOException: disk full}, or empty when it succeeded or no error was recorded. */
    static String error(OutcomeRow o) {
        if (o.success() || (o.errorClass() == null && o.errorMessage() == null)) {
            return "";
        }
        String cls = o.errorClass() == null ? "" : o.errorClass().substring(o.errorClass().lastIndexOf('.') + 1);
        String msg = o.errorMessage() == null ? "" : o.errorMessage().replaceAll("\\s+", " ");
        return ": " + cls + (cls.isEmpty() || msg.isEmpty() ? "" : ": ") + msg;
    }

    /** {@code 850ms}, {@code 1.2s}, {@code 12m03s}. */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        return s / 3600 > 0 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /**
     * The decisions as {@code audit --format json} writes them, each with an {@code outcome} field
     * ({@link #json(OutcomeRow)}, null when none).
     */
    static String jsonArray(List<DecisionRow> rows, Function<DecisionRow, OutcomeRow> outcome) {
        try {
            ArrayNode array = (ArrayNode) Guard.jsonMapper().readTree(AuditFormat.toJson(rows));
            for (int i = 0; i < rows.size(); i++) {
                ((ObjectNode) array.get(i)).set("outcome", json(outcome.apply(rows.get(i))));
            }
            return Guard.jsonMapper().writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the decisions with their outcomes as JSON: " + e.getMessage(), e);
        }
    }

    /** The outcome as JSON (the {@code outcome} field of {@code audit --outcomes --format json}); null: none. */
    static ObjectNode json(OutcomeRow o) {
        if (o == null) {
            return null;
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("startedAt", o.startedAt().toString());
        n.put("finishedAt", o.finishedAt().toString());
        n.put("durationMs", o.durationMs());
        n.put("success", o.success());
        n.put("errorClass", o.errorClass());
        n.put("errorMessage", o.errorMessage());
        return n;
    }
}
