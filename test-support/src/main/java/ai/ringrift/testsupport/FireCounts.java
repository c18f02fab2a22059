package ai.ringrift.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The count check every end-to-end test can run on the audit log after its fires have settled:
 * <ul>
 *   <li>fires = the fires with ALLOW, RESIZE, DEFER or VETO rows ({@link #FIRE_DECISIONS}; lifecycle
 *       rows such as SUPERSEDED, EXPIRED, DROPPED, REQUEUED are about a deferral, not a fire, and do not
 *       count). A fire is its fire instance id and attempt: a decision that could not take effect (a
 *       deferral nothing could store) is followed by a correcting GUARD_ERROR row of the same fire,
 *       which is the fire's last word, not a second fire;</li>
 *   <li>every admitted fire (ALLOW, RESIZE) has an outcome row ({@code job_outcome} joined on node and seq).</li>
 * </ul>
 * Plain JDBC on the tables of migration V2, so any module's test can call it. A decision that
 * gets added goes into {@link #FIRE_DECISIONS} once, here; EVICT is not one: it is a row about a
 * running fire, which its ALLOW or RESIZE row already counts (its outcome says INTERRUPTED).
 */
public final class FireCounts {

    /** The decisions of which each fire gets exactly one. */
    public static final List<String> FIRE_DECISIONS = List.of("ALLOW", "RESIZE", "DEFER", "VETO");
    /** The decisions that let a fire run: each must end in an outcome row. */
    public static final List<String> ADMITTED = List.of("ALLOW", "RESIZE");

    private FireCounts() {
    }

    /**
     * Checks both rules for the jobs of {@code jobGroup} (null: all groups).
     *
     * @param fires how many fires the scheduler made (runs plus vetoes, counted by the test)
     * @throws AssertionError naming the rule that fails and the counts
     */
    public static void assertConsistent(DataSource ds, String jobGroup, long fires) throws SQLException {
        long decided = decidedFires(ds, jobGroup);
        if (decided != fires) {
            throw new AssertionError("count check: " + fires + " fires but " + decided + " fires with "
                    + FIRE_DECISIONS + " rows" + scope(jobGroup));
        }
        assertEveryAdmittedFireHasAnOutcome(ds, jobGroup);
    }

    /** Checks only the second rule: no ALLOW or RESIZE row without its outcome row. */
    public static void assertEveryAdmittedFireHasAnOutcome(DataSource ds, String jobGroup) throws SQLException {
        long without = count(ds, "SELECT COUNT(*) FROM guard_decision d WHERE d.decision IN (" + in(ADMITTED) + ")"
                + group(jobGroup, "d.") + " AND NOT EXISTS (SELECT 1 FROM job_outcome o "
                + "WHERE o.node_id = d.node_id AND o.decision_seq = d.seq)", jobGroup);
        if (without != 0) {
            throw new AssertionError("count check: " + without + " admitted fires without an outcome row"
                    + scope(jobGroup));
        }
    }

    /**
     * Number of fires of {@code jobGroup} (null: all) with ALLOW, RESIZE, DEFER or VETO rows: distinct
     * (fire instance id, attempt), a row without a fire instance id counting on its own.
     */
    public static long decidedFires(DataSource ds, String jobGroup) throws SQLException {
        return count(ds, "SELECT COUNT(*) FROM (SELECT DISTINCT COALESCE(fire_instance_id, node_id || ':' || "
                + "CAST(seq AS VARCHAR(20))) AS fire, attempt FROM guard_decision WHERE decision IN ("
                + in(FIRE_DECISIONS) + ")" + group(jobGroup, "") + ") fires", jobGroup);
    }

    private static String in(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(","));
    }

    private static String group(String jobGroup, String alias) {
        return jobGroup == null ? "" : " AND " + alias + "job_group = ?";
    }

    private static String scope(String jobGroup) {
        return jobGroup == null ? "" : " (job group " + jobGroup + ")";
    }

    private static long count(DataSource ds, String sql, String jobGroup) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (jobGroup != null) {
                ps.setString(1, jobGroup);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
