package ai.ringrift.db.audit;

import ai.ringrift.db.time.Durations;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Renders decisions as JSON or CSV (RFC 4180), and parses "since" texts such as {@code 1h} or an ISO instant. */
public final class AuditFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** CSV header: the record component names in order. */
    public static final List<String> CSV_COLUMNS = List.of("nodeId", "seq", "decidedAt", "jobGroup", "jobName",
            "fireInstanceId", "attempt", "priority", "decision", "reasonCode", "reason", "level", "cpuUsedPct",
            "cpuSource", "memoryUsedPct", "memorySource", "gpuUsedPct", "gpuSource", "diskUsedPct", "diskSource",
            "snapshotAgeMs", "requestedSize", "grantedSize", "deferUntil", "breakerState", "configHash");

    private AuditFormat() {
    }

    /** A JSON array of objects keyed by the record component names; instants as ISO-8601 text. */
    public static String toJson(List<DecisionRow> rows) {
        ArrayNode array = JSON.createArrayNode();
        for (DecisionRow r : rows) {
            array.add(SpoolCodec.fields(r));
        }
        return array.toString();
    }

    /** CSV with a header line, CRLF line ends, fields quoted per RFC 4180 when they need it; null is empty. */
    public static String toCsv(List<DecisionRow> rows) {
        StringBuilder sb = new StringBuilder();
        line(sb, CSV_COLUMNS.toArray());
        for (DecisionRow r : rows) {
            line(sb, r.nodeId(), r.seq(), r.decidedAt(), r.jobGroup(), r.jobName(), r.fireInstanceId(), r.attempt(),
                    r.priority(), r.decision(), r.reasonCode(), r.reason(), r.level(), r.cpuUsedPct(), r.cpuSource(),
                    r.memoryUsedPct(), r.memorySource(), r.gpuUsedPct(), r.gpuSource(), r.diskUsedPct(),
                    r.diskSource(), r.snapshotAgeMs(), r.requestedSize(), r.grantedSize(), r.deferUntil(),
                    r.breakerState(), r.configHash());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(csvField(fields[i] == null ? "" : fields[i].toString()));
        }
        sb.append("\r\n");
    }

    /** One RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** {@link #parseSince(String, Instant)} relative to now. */
    public static Instant parseSince(String text) {
        return parseSince(text, Instant.now());
    }

    /**
     * A point in time from any {@link Durations} text ({@code 30s}, {@code 30m}, {@code 1h}, {@code 7d},
     * {@code 2w}, {@code 1h30m}, {@code PT30S}: that long before {@code now}) or an ISO-8601 instant
     * such as {@code 2026-03-01T00:00:00Z}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Instant parseSince(String text, Instant now) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("since is empty: use e.g. 30m, 1h, 7d or 2026-03-01T00:00:00Z");
        }
        String t = text.trim();
        try {
            return now.minus(Durations.parse(t));
        } catch (IllegalArgumentException notADuration) {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw cannotRead(text, e);
            }
        }
    }

    private static IllegalArgumentException cannotRead(String text, Exception cause) {
        return new IllegalArgumentException("cannot read since '" + text + "': use a duration such as 30m, 1h, 7d, 2w"
                + " (" + Durations.FORMS + ") or an ISO instant (2026-03-01T00:00:00Z)", cause);
    }
}
