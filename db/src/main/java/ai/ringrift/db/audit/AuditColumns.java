package ai.ringrift.db.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Column lists of the audit tables and the mapping between rows and JDBC parameters/results. */
final class AuditColumns {

    static final String DECISION_COLUMNS = "node_id, seq, decided_at, job_group, job_name, fire_instance_id, attempt, "
            + "priority, decision, reason_code, reason, level, cpu_used_pct, cpu_source, memory_used_pct, "
            + "memory_source, gpu_used_pct, gpu_source, disk_used_pct, disk_source, snapshot_age_ms, "
            + "requested_size, granted_size, defer_until, breaker_state, config_hash";

    static final String INSERT_DECISION = "INSERT INTO guard_decision (" + DECISION_COLUMNS
            + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    /**
     * {@link #INSERT_DECISION} as one statement that writes nothing when the job has a pending
     * deferral (parameters 27 and 28: its group and name) or the (node, seq) is taken (PostgreSQL:
     * nothing can fail inside the caller's transaction, no savepoint needed).
     */
    static final String INSERT_DECISION_UNLESS_DEFERRED_PG = "INSERT INTO guard_decision (" + DECISION_COLUMNS
            + ") SELECT ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM"
            + " guard_deferral WHERE job_group = ? AND job_name = ?) ON CONFLICT DO NOTHING";

    static final String OUTCOME_COLUMNS = "node_id, decision_seq, job_group, job_name, started_at, finished_at, "
            + "duration_ms, success, error_class, error_message, detail";

    static final String INSERT_OUTCOME = "INSERT INTO job_outcome (" + OUTCOME_COLUMNS
            + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)";

    private AuditColumns() {
    }

    static void bindDecision(PreparedStatement ps, DecisionRow r) throws SQLException {
        int i = 1;
        ps.setString(i++, r.nodeId());
        ps.setLong(i++, r.seq());
        setInstant(ps, i++, r.decidedAt());
        ps.setString(i++, r.jobGroup());
        ps.setString(i++, r.jobName());
        ps.setString(i++, r.fireInstanceId());
        ps.setInt(i++, r.attempt());
        ps.setString(i++, r.priority());
        ps.setString(i++, r.decision());
        ps.setString(i++, r.reasonCode());
        ps.setString(i++, r.reason());
        ps.setInt(i++, r.level());
        setDouble(ps, i++, r.cpuUsedPct());
        ps.setString(i++, r.cpuSource());
        setDouble(ps, i++, r.memoryUsedPct());
        ps.setString(i++, r.memorySource());
        setDouble(ps, i++, r.gpuUsedPct());
        ps.setString(i++, r.gpuSource());
        setDouble(ps, i++, r.diskUsedPct());
        ps.setString(i++, r.diskSource());
        setLong(ps, i++, r.snapshotAgeMs());
        setInt(ps, i++, r.requestedSize());
        setInt(ps, i++, r.grantedSize());
        setInstant(ps, i++, r.deferUntil());
        ps.setString(i++, r.breakerState());
        ps.setString(i, r.configHash());
    }

    static void bindOutcome(PreparedStatement ps, OutcomeRow r) throws SQLException {
        int i = 1;
        ps.setString(i++, r.nodeId());
        ps.setLong(i++, r.decisionSeq());
        ps.setString(i++, r.jobGroup());
        ps.setString(i++, r.jobName());
        setInstant(ps, i++, r.startedAt());
        setInstant(ps, i++, r.finishedAt());
        ps.setLong(i++, r.durationMs());
        ps.setBoolean(i++, r.success());
        ps.setString(i++, r.errorClass());
        ps.setString(i++, r.errorMessage());
        ps.setString(i, r.detail());
    }

    /** Reads a decision from a result set selected with {@link #DECISION_COLUMNS} in that order. */
    static DecisionRow readDecision(ResultSet rs) throws SQLException {
        int i = 1;
        return new DecisionRow(rs.getString(i++), rs.getLong(i++), instant(rs, i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getInt(i++), rs.getString(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i++), rs.getInt(i++), dbl(rs, i++), rs.getString(i++), dbl(rs, i++),
                rs.getString(i++), dbl(rs, i++), rs.getString(i++), dbl(rs, i++), rs.getString(i++), lng(rs, i++),
                integer(rs, i++), integer(rs, i++), instant(rs, i++), rs.getString(i++), rs.getString(i));
    }

    static OutcomeRow readOutcome(ResultSet rs) throws SQLException {
        int i = 1;
        return new OutcomeRow(rs.getString(i++), rs.getLong(i++), rs.getString(i++), rs.getString(i++),
                instant(rs, i++), instant(rs, i++), rs.getLong(i++), rs.getBoolean(i++), rs.getString(i++),
                rs.getString(i++), rs.getString(i));
    }

    static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static Long lng(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Integer integer(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }
}
