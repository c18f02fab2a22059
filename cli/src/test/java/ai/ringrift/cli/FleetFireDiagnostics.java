package ai.ringrift.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;

/**
 * Where each unfinished fire of a fleet process test is, read from the shared PostgreSQL database:
 * its audit rows ({@code guard_decision}, with the outcome when there is one), its pending
 * deferral ({@code guard_deferral}), its JobRunr jobs (state, times, the server of the last state,
 * its reason), its Quartz triggers and fired triggers, its cap slots; then JobRunr's servers and
 * Quartz's scheduler states. Printed by a test whose wait for the fires timed out, so that a CI
 * failure says which fire was where. Every query is best effort: a failing one prints its error.
 */
final class FleetFireDiagnostics {

    /** JobRunr's tables, under the guard's prefix. */
    private static final String JOBRUNR = "ringrift_jobrunr_";

    private FleetFireDiagnostics() {
    }

    /** The table of {@code jobs} (the unfinished ones), and the fleet's servers. */
    static String of(Connection c, Collection<String> jobs, String note) {
        StringBuilder sb = new StringBuilder();
        sb.append("=== unfinished fires at ").append(Instant.now()).append(" (").append(note).append(") ===\n");
        for (String job : jobs) {
            sb.append("--- ").append(job).append('\n');
            rows(c, sb, "decisions", "SELECT d.node_id, d.seq, d.decided_at, d.attempt, d.decision, d.reason_code,"
                    + " d.fire_instance_id, d.defer_until, o.started_at AS outcome_started, o.error_class"
                    + " FROM guard_decision d LEFT JOIN job_outcome o ON o.node_id = d.node_id AND o.decision_seq = d.seq"
                    + " WHERE d.job_name = ? ORDER BY d.decided_at, d.id", job);
            rows(c, sb, "deferral", "SELECT node_id, jobrunr_id, attempt, deferred_at, run_at, reason"
                    + " FROM guard_deferral WHERE job_name = ?", job);
            rows(c, sb, "jobrunr", "SELECT id, state, createdat, updatedat, scheduledat,"
                    + " (jobasjson::jsonb -> 'jobHistory' -> -1 ->> 'serverId') AS last_server,"
                    + " (jobasjson::jsonb -> 'jobHistory' -> -1 ->> 'reason') AS last_reason,"
                    + " (jobasjson::jsonb -> 'jobHistory' -> -1 ->> 'exceptionMessage') AS last_error"
                    + " FROM " + JOBRUNR + "jobs WHERE jobasjson LIKE ? ORDER BY createdat",
                    "%\"jobName\":\"" + job + "\"%");
            rows(c, sb, "quartz triggers", "SELECT trigger_name, trigger_group, trigger_state, next_fire_time,"
                    + " start_time FROM qrtz_triggers WHERE job_name = ?", job);
            rows(c, sb, "quartz fired", "SELECT instance_name, trigger_name, state, fired_time, requests_recovery"
                    + " FROM qrtz_fired_triggers WHERE job_name = ?", job);
            rows(c, sb, "cap slots", "SELECT lease_id, node_id, acquired_at, expires_at FROM guard_cap_lease"
                    + " WHERE job_name = ?", job);
        }
        sb.append("--- the fleet\n");
        rows(c, sb, "jobrunr servers", "SELECT id, name, firstheartbeat, lastheartbeat, running FROM " + JOBRUNR
                + "backgroundjobservers ORDER BY firstheartbeat", null);
        rows(c, sb, "jobrunr jobs by state", "SELECT state, COUNT(*) FROM " + JOBRUNR + "jobs GROUP BY state", null);
        rows(c, sb, "quartz schedulers", "SELECT instance_name, last_checkin_time, checkin_interval"
                + " FROM qrtz_scheduler_state", null);
        rows(c, sb, "nodes", "SELECT node_id, heartbeat_at, level, stopped_at FROM guard_node ORDER BY node_id", null);
        rows(c, sb, "all cap slots", "SELECT node_id, job_name, acquired_at, expires_at FROM guard_cap_lease"
                + " ORDER BY node_id", null);
        return sb.toString();
    }

    private static void rows(Connection c, StringBuilder sb, String title, String sql, String arg) {
        sb.append("  ").append(title).append(":\n");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                boolean any = false;
                while (rs.next()) {
                    any = true;
                    sb.append("    ");
                    for (int i = 1; i <= n; i++) {
                        String v = rs.getString(i);
                        sb.append(i == 1 ? "" : " | ").append(rs.getMetaData().getColumnLabel(i)).append('=')
                                .append(v == null ? "-" : v.length() > 160 ? v.substring(0, 160) + "..." : v);
                    }
                    sb.append('\n');
                }
                if (!any) {
                    sb.append("    (none)\n");
                }
            }
        } catch (SQLException e) {
            sb.append("    (query failed: ").append(e.getMessage()).append(")\n");
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            } catch (SQLException ignored) {
                // best effort
            }
        }
    }
}
