package ai.ringrift.db.fleet;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OperatorRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Table {@code guard_halt}: the emergency halts in force, one per scope ({@link #FLEET} or a node
 * id). {@link #halt} and {@link #resume} change a row and write the audit row saying who did it and
 * why ({@code HALT} / {@code RESUME}, reason code {@code HALT}) in one transaction: there is no
 * halt without its audit row. Nodes read {@link #haltFor} every heartbeat and at start.
 */
public final class HaltStore {

    /** The scope of a fleet-wide halt. */
    public static final String FLEET = "*";
    /** The audit rows' job group and name prefix ({@code ringrift.halt:*}, {@code ringrift.halt:node-a}). */
    public static final String AUDIT_GROUP = "ringrift";

    private final DataSource dataSource;

    public HaltStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Halts {@code scope} (replacing an earlier halt of the same scope) and audits it as {@code auditNode}.
     *
     * @return the halt stored
     */
    public Halt halt(String scope, String reason, String haltedBy, String auditNode) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Halt h = new Halt(scope, NodeRegistry.text(reason, 1000), NodeRegistry.text(haltedBy, 255), now);
        inTransaction(c -> {
            delete(c, scope);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO guard_halt (scope, reason, halted_by, halted_at) VALUES (?,?,?,?)")) {
                ps.setString(1, h.scope());
                ps.setString(2, h.reason());
                ps.setString(3, h.haltedBy());
                ps.setObject(4, now.atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            OperatorRows.insert(c, row(auditNode, scope, "HALT", h.sentence(), now));
            return null;
        });
        return h;
    }

    /**
     * Lifts the halt of {@code scope} and audits it as {@code auditNode}.
     *
     * @return the halt lifted, empty when none was in force (nothing is written then)
     */
    public Optional<Halt> resume(String scope, String reason, String resumedBy, String auditNode) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return inTransaction(c -> {
            Optional<Halt> was = active(c).stream().filter(h -> h.scope().equals(scope)).findFirst();
            if (was.isEmpty()) {
                return Optional.<Halt>empty();
            }
            delete(c, scope);
            OperatorRows.insert(c, row(auditNode, scope, "RESUME", "resumed " + (FLEET.equals(scope) ? "fleet-wide"
                    : "(" + scope + ")") + " by " + resumedBy + (reason == null || reason.isBlank() ? ""
                    : ": " + reason) + " (was " + was.get().sentence() + ")", now));
            return was;
        });
    }

    /** Every halt in force, the fleet-wide one first. */
    public List<Halt> active() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return active(c);
        }
    }

    /** The halt that holds {@code nodeId}: the fleet-wide one, else the node's own; empty when none. */
    public Optional<Halt> haltFor(String nodeId) throws SQLException {
        for (Halt h : active()) {
            if (h.fleetWide() || h.scope().equals(nodeId)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    private static List<Halt> active(Connection c) throws SQLException {
        List<Halt> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT scope, reason, halted_by, halted_at FROM guard_halt ORDER BY CASE WHEN scope = '*' THEN 0"
                        + " ELSE 1 END, scope");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Halt(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()));
            }
        }
        return out;
    }

    private static void delete(Connection c, String scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM guard_halt WHERE scope = ?")) {
            ps.setString(1, scope);
            ps.executeUpdate();
        }
    }

    private static DecisionRow row(String auditNode, String scope, String decision, String reason, Instant now) {
        return DecisionRow.builder().nodeId(auditNode).decidedAt(now).jobGroup(AUDIT_GROUP)
                .jobName("halt:" + scope).priority("CRITICAL").decision(decision).reasonCode("HALT")
                .reason(reason).level(0).build();
    }

    private interface Tx<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Tx<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
