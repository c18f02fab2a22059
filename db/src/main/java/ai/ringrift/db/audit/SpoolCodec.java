package ai.ringrift.db.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One spool line per row, JSON: {@code {"t":"d",...}} for a decision, {@code {"t":"o",...}} for an
 * outcome. Field names are the record component names; instants are ISO-8601 text.
 */
final class SpoolCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpoolCodec() {
    }

    /** A parsed spool line: exactly one of the two is set. */
    record Entry(DecisionRow decision, OutcomeRow outcome) {
    }

    static String encode(DecisionRow r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("t", "d");
        n.setAll(fields(r));
        return n.toString();
    }

    /** The decision's fields as a JSON object (no type tag). */
    static ObjectNode fields(DecisionRow r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("nodeId", r.nodeId());
        n.put("seq", r.seq());
        n.put("decidedAt", r.decidedAt().toString());
        n.put("jobGroup", r.jobGroup());
        n.put("jobName", r.jobName());
        n.put("fireInstanceId", r.fireInstanceId());
        n.put("attempt", r.attempt());
        n.put("priority", r.priority());
        n.put("decision", r.decision());
        n.put("reasonCode", r.reasonCode());
        n.put("reason", r.reason());
        n.put("level", r.level());
        n.put("cpuUsedPct", r.cpuUsedPct());
        n.put("cpuSource", r.cpuSource());
        n.put("memoryUsedPct", r.memoryUsedPct());
        n.put("memorySource", r.memorySource());
        n.put("gpuUsedPct", r.gpuUsedPct());
        n.put("gpuSource", r.gpuSource());
        n.put("diskUsedPct", r.diskUsedPct());
        n.put("diskSource", r.diskSource());
        n.put("snapshotAgeMs", r.snapshotAgeMs());
        n.put("requestedSize", r.requestedSize());
        n.put("grantedSize", r.grantedSize());
        n.put("deferUntil", r.deferUntil() == null ? null : r.deferUntil().toString());
        n.put("breakerState", r.breakerState());
        n.put("configHash", r.configHash());
        return n;
    }

    static String encode(OutcomeRow r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("t", "o");
        n.put("nodeId", r.nodeId());
        n.put("decisionSeq", r.decisionSeq());
        n.put("jobGroup", r.jobGroup());
        n.put("jobName", r.jobName());
        n.put("startedAt", r.startedAt().toString());
        n.put("finishedAt", r.finishedAt().toString());
        n.put("durationMs", r.durationMs());
        n.put("success", r.success());
        n.put("errorClass", r.errorClass());
        n.put("errorMessage", r.errorMessage());
        n.put("detail", r.detail());
        return n.toString();
    }

    /** Parses one line; throws {@link IllegalArgumentException} naming the problem for a damaged line. */
    static Entry decode(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON spool line: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String t = text(n, "t");
        if ("d".equals(t)) {
            return new Entry(new DecisionRow(text(n, "nodeId"), n.path("seq").asLong(), time(n, "decidedAt"),
                    text(n, "jobGroup"), text(n, "jobName"), text(n, "fireInstanceId"), n.path("attempt").asInt(),
                    text(n, "priority"), text(n, "decision"), text(n, "reasonCode"), text(n, "reason"),
                    n.path("level").asInt(), dbl(n, "cpuUsedPct"), text(n, "cpuSource"), dbl(n, "memoryUsedPct"),
                    text(n, "memorySource"), dbl(n, "gpuUsedPct"), text(n, "gpuSource"), dbl(n, "diskUsedPct"),
                    text(n, "diskSource"), lng(n, "snapshotAgeMs"), integer(n, "requestedSize"),
                    integer(n, "grantedSize"), time(n, "deferUntil"), text(n, "breakerState"),
                    text(n, "configHash")), null);
        }
        if ("o".equals(t)) {
            return new Entry(null, new OutcomeRow(text(n, "nodeId"), n.path("decisionSeq").asLong(),
                    text(n, "jobGroup"), text(n, "jobName"), time(n, "startedAt"), time(n, "finishedAt"),
                    n.path("durationMs").asLong(), n.path("success").asBoolean(), text(n, "errorClass"),
                    text(n, "errorMessage"), text(n, "detail")));
        }
        throw new IllegalArgumentException("unknown spool line type '" + t + "'");
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode n, String f) {
        String s = text(n, f);
        return s == null ? null : Instant.parse(s);
    }

    private static Double dbl(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static Long lng(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static Integer integer(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asInt();
    }
}
