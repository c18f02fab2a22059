package ai.ringrift.db.audit;

import ai.ringrift.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Reads what happened to audited decisions: the {@code job_outcome} rows of a page of decisions,
 * and a job's recent runs (its admitted decisions, each with its outcome or none yet).
 */
public final class OutcomeQuery {

    /** A decision's identity, the link from {@code job_outcome} to {@code guard_decision}. */
    public record Key(String nodeId, long seq) {
        public static Key of(DecisionRow r) {
            return new Key(r.nodeId(), r.seq());
        }
    }

    /** One admitted fire of a job and what became of it ({@code outcome} null: still running, or not recorded). */
    public record Run(DecisionRow decision, OutcomeRow outcome) {
    }

    private static final int CHUNK = 500;

    private final DataSource dataSource;

    public OutcomeQuery(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The outcomes recorded for {@code decisions}, by decision; decisions without one are absent. */
    public Map<Key, OutcomeRow> forDecisions(Collection<DecisionRow> decisions) {
        Map<String, List<Long>> byNode = new LinkedHashMap<>();
        for (DecisionRow d : decisions) {
            byNode.computeIfAbsent(d.nodeId(), k -> new ArrayList<>()).add(d.seq());
        }
        Map<Key, OutcomeRow> found = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, List<Long>> e : byNode.entrySet()) {
                List<Long> seqs = e.getValue();
                for (int from = 0; from < seqs.size(); from += CHUNK) {
                    read(c, e.getKey(), seqs.subList(from, Math.min(seqs.size(), from + CHUNK)), found);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot query job outcomes: " + e.getMessage()
                    + ": check that the database is reachable and migrated", e);
        }
        return found;
    }

    /** {@code job}'s latest {@code limit} admitted fires (ALLOW, RESIZE), newest first, with their outcomes. */
    public List<Run> recentRuns(String job, int limit) {
        AuditFilter filter = AuditFilter.builder().jobName(job).decision("ALLOW", "RESIZE").limit(limit).build();
        List<DecisionRow> admitted = new AuditQuery(dataSource).find(filter).rows();
        Map<Key, OutcomeRow> outcomes = forDecisions(admitted);
        List<Run> runs = new ArrayList<>(admitted.size());
        for (DecisionRow d : admitted) {
            runs.add(new Run(d, outcomes.get(Key.of(d))));
        }
        return runs;
    }

    private static void read(Connection c, String node, List<Long> seqs, Map<Key, OutcomeRow> into) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(AuditColumns.OUTCOME_COLUMNS)
                .append(" FROM job_outcome WHERE node_id = ? AND decision_seq IN (");
        for (int i = 0; i < seqs.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, node);
            for (int i = 0; i < seqs.size(); i++) {
                ps.setLong(i + 2, seqs.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OutcomeRow o = AuditColumns.readOutcome(rs);
                    into.put(new Key(o.nodeId(), o.decisionSeq()), o);
                }
            }
        }
    }
}
