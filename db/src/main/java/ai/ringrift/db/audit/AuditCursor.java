package ai.ringrift.db.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Keyset-paging position: the last row of a page (newest-first order is decided_at, node_id, seq,
 * all descending). As text: {@code <ISO instant>|<seq>|<node id>}.
 */
public record AuditCursor(Instant decidedAt, String nodeId, long seq) {

    public AuditCursor {
        Objects.requireNonNull(decidedAt, "cursor decidedAt");
        Objects.requireNonNull(nodeId, "cursor nodeId");
    }

    static AuditCursor after(DecisionRow r) {
        return new AuditCursor(r.decidedAt(), r.nodeId(), r.seq());
    }

    /** The cursor as one token for a command line or URL. */
    public String token() {
        return decidedAt + "|" + seq + "|" + nodeId;
    }

    /** Parses {@link #token()}; the message says what a valid token looks like. */
    public static AuditCursor parse(String token) {
        String[] p = token == null ? new String[0] : token.split("\\|", 3);
        if (p.length != 3 || p[2].isEmpty()) {
            throw new IllegalArgumentException("bad audit cursor '" + token
                    + "': expected <ISO instant>|<seq>|<node id> as printed with the previous page");
        }
        try {
            return new AuditCursor(Instant.parse(p[0]), p[2], Long.parseLong(p[1]));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("bad audit cursor '" + token + "': " + e.getMessage()
                    + "; expected <ISO instant>|<seq>|<node id> as printed with the previous page", e);
        }
    }

    @Override
    public String toString() {
        return token();
    }
}
