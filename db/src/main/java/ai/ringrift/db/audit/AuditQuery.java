package ai.ringrift.db.audit;

import ai.ringrift.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Reads the audit log: filtered pages of decisions (newest first, keyset paging) and counts by
 * decision and priority over a window. SQL text is made only of fixed fragments; every filter
 * value is a bound parameter.
 */
public final class AuditQuery {

    private final DataSource dataSource;

    public AuditQuery(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** One page of decisions matching {@code filter}, newest first. */
    public Page find(AuditFilter filter) {
        Objects.requireNonNull(filter, "filter");
        StringBuilder sql = new StringBuilder("SELECT ").append(AuditColumns.DECISION_COLUMNS)
                .append(" FROM guard_decision WHERE 1=1");
        List<Object> params = new ArrayList<>();
        if (filter.since() != null) {
            sql.append(" AND decided_at >= ?");
            params.add(filter.since());
        }
        if (filter.until() != null) {
            sql.append(" AND decided_at < ?");
            params.add(filter.until());
        }
        if (filter.jobName() != null) {
            sql.append(" AND job_name = ?");
            params.add(filter.jobName());
        }
        if (filter.jobPrefix() != null) {
            sql.append(" AND job_name LIKE ? ESCAPE '!'");
            params.add(likePrefix(filter.jobPrefix()));
        }
        in(sql, params, "decision", filter.decisions());
        in(sql, params, "priority", filter.priorities());
        if (filter.reasonCode() != null) {
            sql.append(" AND reason_code = ?");
            params.add(filter.reasonCode());
        }
        if (filter.nodeId() != null) {
            sql.append(" AND node_id = ?");
            params.add(filter.nodeId());
        }
        AuditCursor after = filter.after();
        if (after != null) {
            sql.append(" AND decided_at <= ? AND (decided_at < ? OR node_id < ? OR (node_id = ? AND seq < ?))");
            params.add(after.decidedAt());
            params.add(after.decidedAt());
            params.add(after.nodeId());
            params.add(after.nodeId());
            params.add(after.seq());
        }
        sql.append(" ORDER BY decided_at DESC, node_id DESC, seq DESC FETCH FIRST ? ROWS ONLY");
        params.add(filter.limit() + 1);
        List<DecisionRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(AuditColumns.readDecision(rs));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot query the audit log: " + e.getMessage()
                    + ": check that the database is reachable and migrated", e);
        }
        if (rows.size() > filter.limit()) {
            rows = rows.subList(0, filter.limit());
            return new Page(rows, AuditCursor.after(rows.get(rows.size() - 1)));
        }
        return new Page(rows, null);
    }

    /** Counts of decisions in {@code [since, until)} by decision, by priority, and by both. */
    public Summary summary(Instant since, Instant until) {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("summary since (" + since + ") must be before until (" + until + ")");
        }
        Map<String, Long> byDecision = new TreeMap<>();
        Map<String, Long> byPriority = new TreeMap<>();
        Map<String, Map<String, Long>> both = new TreeMap<>();
        long total = 0;
        String sql = "SELECT decision, priority, COUNT(*) FROM guard_decision WHERE decided_at >= ? AND decided_at < ?"
                + " GROUP BY decision, priority";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, List.of(since, until));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String d = rs.getString(1);
                    String p = rs.getString(2);
                    long n = rs.getLong(3);
                    total += n;
                    byDecision.merge(d, n, Long::sum);
                    byPriority.merge(p, n, Long::sum);
                    both.computeIfAbsent(d, k -> new TreeMap<>()).merge(p, n, Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot summarize the audit log: " + e.getMessage()
                    + ": check that the database is reachable and migrated", e);
        }
        both.replaceAll((k, v) -> Map.copyOf(v));
        return new Summary(since, until, total, byDecision, byPriority, both);
    }

    /**
     * The earliest admitted (ALLOW, RESIZE) decision of the job decided at or after {@code from}
     * that has no outcome: the run a dead node left behind, which the node recovering it closes.
     */
    public java.util.Optional<DecisionRow> firstUnfinished(String jobGroup, String jobName, Instant from) {
        String sql = "SELECT " + AuditColumns.DECISION_COLUMNS + " FROM guard_decision d WHERE job_group = ?"
                + " AND job_name = ? AND decision IN ('ALLOW', 'RESIZE') AND decided_at >= ? AND NOT EXISTS"
                + " (SELECT 1 FROM job_outcome o WHERE o.node_id = d.node_id AND o.decision_seq = d.seq)"
                + " ORDER BY decided_at, seq";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(1);
            bind(ps, List.of(jobGroup, jobName, from));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(AuditColumns.readDecision(rs)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot query unfinished audit decisions: " + e.getMessage(), e);
        }
    }

    /** The outcome recorded for a decision, or null. */
    public OutcomeRow outcome(String nodeId, long decisionSeq) {
        String sql = "SELECT " + AuditColumns.OUTCOME_COLUMNS + " FROM job_outcome WHERE node_id = ? AND decision_seq = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, List.of(nodeId, decisionSeq));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? AuditColumns.readOutcome(rs) : null;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot query audit outcomes: " + e.getMessage(), e);
        }
    }

    /**
     * The outcomes recorded for {@code decisions} (admitted ones have one once they ran), one query
     * per node among them; decisions without an outcome have no entry.
     */
    public List<OutcomeRow> outcomesOf(Collection<DecisionRow> decisions) {
        Map<String, List<Long>> seqsByNode = new java.util.TreeMap<>();
        for (DecisionRow d : decisions) {
            seqsByNode.computeIfAbsent(d.nodeId(), n -> new ArrayList<>()).add(d.seq());
        }
        List<OutcomeRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (var e : seqsByNode.entrySet()) {
                StringBuilder sql = new StringBuilder("SELECT " + AuditColumns.OUTCOME_COLUMNS
                        + " FROM job_outcome WHERE node_id = ? AND decision_seq IN (");
                List<Object> params = new ArrayList<>();
                params.add(e.getKey());
                for (int i = 0; i < e.getValue().size(); i++) {
                    sql.append(i == 0 ? "?" : ",?");
                    params.add(e.getValue().get(i));
                }
                sql.append(')');
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    bind(ps, params);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(AuditColumns.readOutcome(rs));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot query audit outcomes: " + e.getMessage(), e);
        }
        return out;
    }

    private static void in(StringBuilder sql, List<Object> params, String column, Collection<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sql.append(" AND ").append(column).append(" IN (");
        for (int i = 0; i < values.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        params.addAll(values);
    }

    /** A LIKE pattern matching names that start with {@code prefix} literally ('!' is the escape). */
    static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof Instant t) {
                AuditColumns.setInstant(ps, i + 1, t);
            } else if (v instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) v);
            }
        }
    }
}
