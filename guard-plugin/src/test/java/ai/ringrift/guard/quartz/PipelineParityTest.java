package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.jobrunr.JobRunrRuntime;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobDetail;

/**
 * The same fire through Quartz and through JobRunr goes the same way through the one pipeline:
 * identical audit rows apart from the job group, fire id, sequence and times (real Quartz JDBC
 * store on H2, real JobRunr, readings injected through the sampler's source interface).
 */
class PipelineParityTest {

    private static final String NEVER = "0 0 0 1 1 ? 2099";
    /** The columns that must agree: everything but id, node, seq, times, group and fire id. */
    private static final String COLUMNS = "decision, reason_code, reason, priority, attempt, level, cpu_used_pct, "
            + "cpu_source, memory_used_pct, memory_source, gpu_used_pct, disk_used_pct, disk_source, requested_size, "
            + "granted_size, breaker_state, config_hash, CASE WHEN defer_until IS NULL THEN 'no' ELSE 'yes' END AS deferred";

    @TempDir
    Path dir;

    private GuardHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private JobRunrRuntime jobrunr() throws Exception {
        return h.guard().jobrunr().orElseThrow();
    }

    @Test
    void aThrowingReadingSourceIsTheSameGuardErrorOnBothFrameworks() throws Exception {
        h = new GuardHarness(dir, "").start();
        h.scheduler.register(JobSpec.builder("parity-a", TestJobs.Probe.class).priority(Priority.NORMAL).cron(NEVER)
                .build());
        h.source.failing(true);
        h.guard().sampler().sampleOnce();

        h.scheduler.trigger("parity-a", Map.of());
        UUID id = jobrunr().requestScheduler().create(JobBuilder.aJob().withName("parity-a")
                .withJobRequest(new TestJobs.Work("parity-a"))).asUUID();
        await().atMost(Duration.ofSeconds(20)).until(() -> rows("parity-a", false, 0).size() == 1
                && rows("parity-a", true, 0).size() == 1);

        List<Map<String, Object>> quartz = rows("parity-a", false, 0);
        assertThat(quartz.get(0)).containsEntry("DECISION", "DEFER").containsEntry("REASON_CODE", "GUARD_ERROR")
                .containsEntry("PRIORITY", "NORMAL").containsEntry("DEFERRED", "yes");
        assertThat((String) quartz.get(0).get("REASON")).contains("readings unavailable")
                .contains("injected sensor failure").endsWith("NORMAL job deferred by the fail policy");
        assertThat(rows("parity-a", true, 0)).isEqualTo(quartz);
        // the JobRunr job was not let through: it waits, scheduled, with the sentence as its reason
        assertThat(jobrunr().storage().getJobById(id).getState()).isIn(StateName.SCHEDULED, StateName.ENQUEUED);
        assertThat(TestJobs.seen("jobrunr:parity-a")).isEmpty();
    }

    @Test
    void aBadPriorityIsTheSameGuardErrorOnBothFrameworks() throws Exception {
        h = new GuardHarness(dir, "").start();
        JobDetail job = org.quartz.JobBuilder.newJob(TestJobs.Probe.class).withIdentity("parity-b", "parity")
                .usingJobData(JobDeclaration.KEY_PRIORITY, "URGENT").storeDurably().build();
        h.scheduler.quartz().addJob(job, true);
        h.scheduler.quartz().triggerJob(job.getKey());
        UUID id = jobrunr().requestScheduler().create(JobBuilder.aJob().withName("parity-b")
                .withLabels("priority:URGENT").withJobRequest(new TestJobs.Work("parity-b"))).asUUID();
        await().atMost(Duration.ofSeconds(20)).until(() -> rows("parity-b", false, 0).size() == 1
                && rows("parity-b", true, 0).size() == 1);

        List<Map<String, Object>> quartz = rows("parity-b", false, 0);
        assertThat(quartz.get(0)).containsEntry("DECISION", "DEFER").containsEntry("REASON_CODE", "GUARD_ERROR")
                .containsEntry("PRIORITY", "NORMAL");
        assertThat((String) quartz.get(0).get("REASON")).contains("unknown priority 'URGENT'");
        assertThat(rows("parity-b", true, 0)).isEqualTo(quartz);
        assertThat(TestJobs.seen("parity-b")).isEmpty();
        assertThat(TestJobs.seen("jobrunr:parity-b")).isEmpty();
        assertThat(jobrunr().storage().getJobById(id).getState()).isIn(StateName.SCHEDULED, StateName.ENQUEUED);
    }

    @Test
    void pastMaxDeferralsBothFrameworksVetoWithAnExpiredRowAndCountIt() throws Exception {
        h = new GuardHarness(dir, "", "parity-c-" + UUID.randomUUID(), 1).start();
        h.scheduler.register(JobSpec.builder("parity-c", TestJobs.Probe.class).priority(Priority.BACKGROUND)
                .cron(NEVER).build());
        h.level(1);
        assertThat(expiredCounter()).isZero();

        h.scheduler.trigger("parity-c", Map.of());
        await().atMost(Duration.ofSeconds(40)).until(() -> count("parity-c", false, "EXPIRED") == 1);
        assertThat(expiredCounter()).isEqualTo(1.0);

        UUID id = jobrunr().requestScheduler().create(JobBuilder.aJob().withName("parity-c")
                .withLabels("priority:BACKGROUND").withJobRequest(new TestJobs.Work("parity-c"))).asUUID();
        await().atMost(Duration.ofSeconds(40)).until(() -> count("parity-c", true, "EXPIRED") == 1);
        assertThat(expiredCounter()).isEqualTo(2.0);

        for (int attempt = 0; attempt <= 1; attempt++) {
            List<Map<String, Object>> quartz = rows("parity-c", false, attempt);
            assertThat(rows("parity-c", true, attempt)).as("attempt %d", attempt).isEqualTo(quartz);
        }
        List<Map<String, Object>> last = rows("parity-c", false, 1);
        assertThat(last).extracting(r -> r.get("DECISION")).containsExactly("VETO", "EXPIRED");
        assertThat((String) last.get(0).get("REASON")).contains("dropped after 1 deferrals (deferral.maxDeferrals=1)");
        assertThat(jobrunr().storage().getJobById(id).getState()).isEqualTo(StateName.DELETED);
        assertThat(TestJobs.seen("parity-c")).isEmpty();
        assertThat(TestJobs.seen("jobrunr:parity-c")).isEmpty();
    }

    @Test
    void aJobRunrJobsFailuresOpenItsBreaker() throws Exception {
        h = new GuardHarness(dir, "").start();
        for (int i = 1; i <= 3; i++) {
            jobrunr().requestScheduler().create(JobBuilder.aJob().withName("flaky-jr").withLabels("priority:HIGH")
                    .withAmountOfRetries(0).withJobRequest(new TestJobs.Work("fail-jr-" + i)));
            int n = i;
            await().atMost(Duration.ofSeconds(30)).until(() -> h.count("SELECT COUNT(*) FROM job_outcome "
                    + "WHERE job_group = 'jobrunr' AND job_name = 'flaky-jr' AND success = FALSE") == n);
        }
        // each outcome row belongs to the ALLOW row that admitted it (same node and seq)
        assertThat(h.count("SELECT COUNT(*) FROM job_outcome o JOIN guard_decision d ON d.node_id = o.node_id "
                + "AND d.seq = o.decision_seq WHERE o.job_name = 'flaky-jr' AND d.decision = 'ALLOW' "
                + "AND d.job_group = 'jobrunr'")).isEqualTo(3);
        assertThat(h.guard().engine().breakers().states().get("flaky-jr").name()).isEqualTo("OPEN");

        UUID fourth = jobrunr().requestScheduler().create(JobBuilder.aJob().withName("flaky-jr")
                .withLabels("priority:HIGH").withJobRequest(new TestJobs.Work("fail-jr-4"))).asUUID();
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_group = 'jobrunr' AND job_name = 'flaky-jr' "
                + "AND decision = 'VETO' AND reason_code = 'BREAKER_OPEN'")).isEqualTo(1);
        assertThat(jobrunr().storage().getJobById(fourth).getState()).isEqualTo(StateName.DELETED);
        assertThat(TestJobs.seen("jobrunr:fail-jr-4")).isEmpty();
    }

    private double expiredCounter() throws Exception {
        h.guard().metrics().refresh();
        return h.prometheus.scrape(ai.ringrift.guard.http.StatusServer.METRICS_CONTENT_TYPE).lines()
                .filter(l -> l.startsWith("ringrift_guard_deferrals_expired_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private long count(String job, boolean jobrunr, String decision) throws Exception {
        return h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name = ? AND decision = ? AND "
                + (jobrunr ? "job_group = 'jobrunr'" : "job_group <> 'jobrunr'"), job, decision);
    }

    /** The comparable columns of the job's rows of one attempt, in order. */
    private List<Map<String, Object>> rows(String job, boolean jobrunr, int attempt) throws Exception {
        String sql = "SELECT " + COLUMNS + " FROM guard_decision WHERE job_name = ? AND attempt = ? AND "
                + (jobrunr ? "job_group = 'jobrunr'" : "job_group <> 'jobrunr'") + " ORDER BY seq";
        try (Connection c = h.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, job);
            ps.setInt(2, attempt);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i).toUpperCase(java.util.Locale.ROOT), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }
}
