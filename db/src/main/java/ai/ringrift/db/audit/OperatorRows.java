package ai.ringrift.db.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Audit rows written by an operator's command (halt, resume) inside the command's own transaction,
 * not through a node's {@link AuditLog}: the row commits together with the change it describes.
 * The operator's node id (e.g. {@code cli@HOST}) is not a daemon's, so the sequence numbers
 * assigned here ({@code MAX(seq) + 1} of that node id) never meet an {@code AuditLog}'s.
 */
public final class OperatorRows {

    private OperatorRows() {
    }

    /** Inserts {@code row} (its node id set) on {@code c} with the next sequence number of its node; returns it. */
    public static long insert(Connection c, DecisionRow row) throws SQLException {
        RowChecks.required("OperatorRows.insert(row.nodeId)", row.nodeId());
        long seq;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM guard_decision WHERE node_id = ?")) {
            ps.setString(1, row.nodeId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1) + 1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(AuditColumns.INSERT_DECISION)) {
            AuditColumns.bindDecision(ps, row.withSeq(seq));
            ps.executeUpdate();
        }
        return seq;
    }
}
