package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.metrics.MetricNames;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The deferral lifecycle through a real Quartz scheduler and real JobRunr on an H2 file, with the
 * configured backoff: growth, cap and jitter bounds, SUPERSEDED, EXPIRED past maxDeferrals with its
 * counter, the one-shot Quartz fallback when JobRunr's storage fails for the job, and both failing.
 * Failures are real: a CHECK constraint makes the job store refuse exactly that job's rows. Every
 * test ends with the count check ({@code FireCounts}).
 */
class DeferralLifecycleTest {

    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;

    private GuardHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private void start(String deferral) throws Exception {
        h = new GuardHarness(dir, "", "lifecycle-" + System.nanoTime(), deferral).start();
    }

    private void background(String name) {
        h.scheduler.register(JobSpec.builder(name, TestJobs.Probe.class).priority(Priority.BACKGROUND)
                .cron(NEVER).build());
    }

    @Test
    void backoffGrowsToItsCapWithinTheJitterAndPastMaxDeferralsTheFireExpires() throws Exception {
        start("""
                  initialBackoff: 4s
                  multiplier: 2
                  maxBackoff: 20s
                  jitter: 0.25
                  maxDeferrals: 4
                """);
        String job = "lc-backoff";
        background(job);
        h.level(1);
        // deferral number k+1 of a fire that was deferred k times (the attempt its re-fire carries)
        long[] base = {4_000, 8_000, 16_000, 20_000};
        for (int k = 0; k < base.length; k++) {
            h.scheduler.refire(JobKey.jobKey(job, JobSpec.DEFAULT_GROUP), Map.of(), k);
            int attempt = k;
            await().atMost(Duration.ofSeconds(10)).until(() -> deferRows(job).size() > attempt);
        }
        List<long[]> rows = deferRows(job);
        for (int k = 0; k < base.length; k++) {
            long delay = rows.get(k)[1];
            assertThat(rows.get(k)[0]).as("attempt of row " + k).isEqualTo(k);
            assertThat(delay).as("delay of deferral " + (k + 1))
                    .isBetween(Math.round(base[k] * 0.75), Math.min(20_000, Math.round(base[k] * 1.25)));
        }
        // each deferral replaced the one before it: one pending, in the table and in JobRunr, at the audited time
        Guard guard = h.guard();
        await().atMost(Duration.ofSeconds(5)).until(() -> count("decision = 'SUPERSEDED'", job) == 3);
        List<PendingDeferral> pending = guard.deferrals().pending();
        assertThat(pending).hasSize(1);
        StorageProvider jobrunr = guard.jobrunr().orElseThrow().storage();
        assertThat(jobrunr.getJobStats().getScheduled()).isEqualTo(1);
        ScheduledState scheduled = (ScheduledState) jobrunr.getJobById(pending.get(0).jobrunrId()).getJobState();
        // (each store keeps its own precision: equal to the microsecond)
        assertThat(scheduled.getScheduledAt()).isCloseTo(pending.get(0).runAt(), within(1, ChronoUnit.MICROS))
                .isCloseTo(deferUntil(job, 3), within(1, ChronoUnit.MICROS));

        // the fifth deferral passes maxDeferrals: a VETO row, an EXPIRED row and the counter
        h.scheduler.refire(JobKey.jobKey(job, JobSpec.DEFAULT_GROUP), Map.of(), 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("decision = 'EXPIRED'", job) == 1);
        assertThat(count("decision = 'VETO' AND attempt = 4 AND reason LIKE '%dropped after 4 deferrals%'", job))
                .isEqualTo(1);
        assertThat(scrape()).contains(MetricNames.DEFERRALS_EXPIRED_TOTAL + " 1.0");
        assertThat(guard.deferrals().pending()).hasSize(1); // the expired fire stored nothing
        awaitQuiet();
        h.assertCountsConsistent();
    }

    @Test
    void aShortInitialBackoffIsHonouredAndANewerAdmittedFireSupersedesThePendingDeferral() throws Exception {
        start("""
                  initialBackoff: 3s
                  maxBackoff: 3s
                  jitter: 0
                  maxDeferrals: 5
                """);
        String job = "lc-supersede";
        background(job);
        h.level(1);
        h.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> deferRows(job).size() == 1);
        // no fixed 30 s hint: the level deferral comes back after the configured 3 s exactly
        assertThat(deferRows(job).get(0)[1]).isBetween(2_999L, 3_001L);
        Guard guard = h.guard();
        await().atMost(Duration.ofSeconds(10)).until(() -> guard.deferrals().pending().size() == 1);
        PendingDeferral pending = guard.deferrals().pending().get(0);

        h.level(0);
        h.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> count("decision = 'SUPERSEDED'", job) == 1);
        assertThat(guard.deferrals().pending()).isEmpty();
        StorageProvider jobrunr = guard.jobrunr().orElseThrow().storage();
        assertThat(jobrunr.getJobById(pending.jobrunrId()).getState()).isEqualTo(StateName.DELETED);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestJobs.seen(job).size() == 1);
        awaitNothingLeftToRun(job);
        assertThat(TestJobs.seen(job)).hasSize(1);
        h.assertCountsConsistent();
    }

    @Test
    void whenJobRunrCannotStoreTheDeferralAOneShotQuartzTriggerHoldsItAndTheOlderOneIsSuperseded()
            throws Exception {
        start("""
                  initialBackoff: 3s
                  maxBackoff: 3s
                  jitter: 0
                  maxDeferrals: 5
                """);
        String job = "lc-fallback";
        background(job);
        h.level(1);
        h.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> h.guard().deferrals().pending().size() == 1);
        PendingDeferral older = h.guard().deferrals().pending().get(0);

        refuseJobRunrRows(job);
        h.scheduler.trigger(job, Map.of());
        // the deferral went to a one-shot Quartz trigger at the audited time, carrying attempt 1
        await().atMost(Duration.ofSeconds(10)).until(() -> refireTriggers(job).size() == 1);
        Trigger fallback = refireTriggers(job).get(0);
        assertThat(fallback.getJobDataMap().getString(QuartzRefire.KEY_ATTEMPT)).isEqualTo("1");
        assertThat(fallback.getStartTime().toInstant()).isCloseTo(deferUntil(job, 1), within(1, ChronoUnit.MILLIS));
        // only now, with its replacement stored, is the older JobRunr deferral superseded
        await().atMost(Duration.ofSeconds(5)).until(() ->
                count("decision = 'SUPERSEDED' AND reason LIKE '%one-shot Quartz trigger%'", job) == 1);
        assertThat(h.guard().deferrals().pending()).isEmpty();

        h.level(0);
        await().atMost(Duration.ofSeconds(15)).until(() -> TestJobs.seen(job).size() == 1);
        assertThat(count("decision = 'ALLOW' AND attempt = 1", job)).isEqualTo(1);
        // JobRunr may have the older deferral's job again: it finds itself superseded and does not fire
        allowJobRunrRows();
        awaitNothingLeftToRun(job);
        assertThat(TestJobs.seen(job)).hasSize(1);
        h.assertCountsConsistent();
    }

    @Test
    void whenBothStoresFailTheAuditSaysTheFireWasDroppedAndTheOlderDeferralStays() throws Exception {
        start("""
                  initialBackoff: 60s
                  maxBackoff: 60s
                  jitter: 0
                  maxDeferrals: 5
                """);
        String job = "lc-both";
        background(job);
        h.level(1);
        h.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> h.guard().deferrals().pending().size() == 1);
        PendingDeferral older = h.guard().deferrals().pending().get(0);

        refuseJobRunrRows(job);
        refuseRefireTriggers(job);
        h.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> count("reason_code = 'GUARD_ERROR'", job) == 1);
        // the fire's last row says what happened: the fail policy (DEFER for BACKGROUND) could not be
        // honoured, so the fire was held back; the DEFER row before it is corrected, not left alone
        List<String> lastFire = lastFireRows(job);
        assertThat(lastFire).hasSize(2);
        assertThat(lastFire.get(0)).startsWith("DEFER/LEVEL");
        assertThat(lastFire.get(1)).startsWith("VETO/GUARD_ERROR")
                .contains("deferral could not be stored").contains("one-shot Quartz trigger")
                .contains("held back by the fail policy");
        assertThat(scrape()).contains(MetricNames.DEFERRAL_FAILURES_TOTAL + "{failure=\"store\"} 1.0");
        // the older deferral was not removed for a replacement that was never stored
        assertThat(h.guard().deferrals().pending()).containsExactly(older);
        assertThat(h.guard().jobrunr().orElseThrow().storage().getJobById(older.jobrunrId()).getState())
                .isEqualTo(StateName.SCHEDULED);
        assertThat(count("decision = 'SUPERSEDED'", job)).isZero();
        awaitQuiet();
        h.assertCountsConsistent();
    }

    @Test
    void aDeferralDeletedOrRequeuedInJobRunrsDashboardIsReconciledAndAudited() throws Exception {
        start("""
                  initialBackoff: 60s
                  maxBackoff: 60s
                  jitter: 0
                  maxDeferrals: 5
                """);
        String job = "lc-operator";
        background(job);
        h.level(1);
        Guard guard = h.guard();
        StorageProvider jobrunr = guard.jobrunr().orElseThrow().storage();
        h.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> guard.deferrals().pending().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> guard.status().toString().contains(job));
        assertThat(scrape()).contains(MetricNames.DEFERRALS_PENDING + " 1.0");

        // deleted by hand, as the dashboard does: the guard notices, audits DROPPED, and the counts follow
        org.jobrunr.jobs.Job deleted = jobrunr.getJobById(guard.deferrals().pending().get(0).jobrunrId());
        deleted.delete("deleted in the dashboard");
        jobrunr.save(deleted);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("decision = 'DROPPED'", job) == 1);
        assertThat(guard.deferrals().pending()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains(MetricNames.DEFERRALS_PENDING + " 0.0"));
        assertThat(guard.status().toString()).doesNotContain(job);

        // requeued by hand (run now instead of in 60 s): it re-fires once, audited REQUEUED
        h.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> guard.deferrals().pending().size() == 1);
        h.level(0);
        org.jobrunr.jobs.Job requeued = jobrunr.getJobById(guard.deferrals().pending().get(0).jobrunrId());
        requeued.enqueue();
        jobrunr.save(requeued);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestJobs.seen(job).size() == 1);
        assertThat(count("decision = 'REQUEUED'", job)).isEqualTo(1);
        assertThat(count("decision = 'ALLOW' AND attempt = 1", job)).isEqualTo(1);
        awaitNothingLeftToRun(job);
        assertThat(TestJobs.seen(job)).hasSize(1);
        h.assertCountsConsistent();
    }

    // --- failures injected into the real stores --------------------------------------------------

    /** JobRunr's job table refuses any new or changed row of {@code job}'s deferrals (existing rows stay). */
    private void refuseJobRunrRows(String job) throws SQLException {
        sql("ALTER TABLE ringrift_jobrunr_jobs ADD CONSTRAINT refuse_lc CHECK (jobAsJson NOT LIKE '%" + job
                + "%') NOCHECK");
    }

    private void allowJobRunrRows() throws SQLException {
        sql("ALTER TABLE ringrift_jobrunr_jobs DROP CONSTRAINT refuse_lc");
    }

    /** Quartz's trigger table refuses one-shot re-fire triggers of {@code job}. */
    private void refuseRefireTriggers(String job) throws SQLException {
        sql("ALTER TABLE QRTZ_TRIGGERS ADD CONSTRAINT refuse_lc_refire CHECK (NOT (TRIGGER_GROUP = '"
                + QuartzRefire.TRIGGER_GROUP + "' AND JOB_NAME = '" + job + "'))");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = h.db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    // --- reading the audit and the stores ----------------------------------------------------------

    /** DEFER rows of {@code job} in order: {attempt, defer_until - decided_at in ms}. */
    private List<long[]> deferRows(String job) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (Connection c = h.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT attempt, decided_at, defer_until FROM guard_decision WHERE job_name = ? AND decision = 'DEFER' "
                        + "ORDER BY seq")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant decided = rs.getObject(2, OffsetDateTime.class).toInstant();
                    Instant until = rs.getObject(3, OffsetDateTime.class).toInstant();
                    out.add(new long[]{rs.getInt(1), Duration.between(decided, until).toMillis()});
                }
            }
        }
        return out;
    }

    /** defer_until of the DEFER row number {@code index} (0 = first) of {@code job}. */
    private Instant deferUntil(String job, int index) throws SQLException {
        try (Connection c = h.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT defer_until FROM guard_decision WHERE job_name = ? AND decision = 'DEFER' ORDER BY seq")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i <= index; i++) {
                    assertThat(rs.next()).as("DEFER row " + index + " of " + job).isTrue();
                }
                return rs.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    /** decision/reason_code: reason of the rows of the last fire of {@code job} (its fire instance id). */
    private List<String> lastFireRows(String job) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = h.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT decision, reason_code, reason FROM guard_decision WHERE job_name = ? AND fire_instance_id = "
                        + "(SELECT fire_instance_id FROM guard_decision WHERE job_name = ? AND decision = 'DEFER' "
                        + "ORDER BY seq DESC LIMIT 1) ORDER BY seq")) {
            ps.setString(1, job);
            ps.setString(2, job);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "/" + rs.getString(2) + ": " + rs.getString(3));
                }
            }
        }
        return out;
    }

    private long count(String where, String job) throws SQLException {
        return h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name = ? AND " + where, job);
    }

    private List<Trigger> refireTriggers(String job) throws Exception {
        List<Trigger> out = new ArrayList<>();
        for (TriggerKey key : h.scheduler.quartz().getTriggerKeys(GroupMatcher.triggerGroupEquals(
                QuartzRefire.TRIGGER_GROUP))) {
            Trigger t = h.scheduler.quartz().getTrigger(key);
            if (t != null && t.getJobKey().getName().equals(job)) {
                out.add(t);
            }
        }
        return out;
    }

    private String scrape() {
        return h.prometheus.scrape();
    }

    /** Waits until nothing could run {@code job} again: no JobRunr work, no re-fire trigger, nothing pending. */
    private void awaitNothingLeftToRun(String job) throws Exception {
        StorageProvider storage = h.guard().jobrunr().orElseThrow().storage();
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(100)).until(() -> {
            var st = storage.getJobStats();
            long jobrunrLeft = st.getAwaiting() + st.getScheduled() + st.getEnqueued() + st.getProcessing();
            return jobrunrLeft == 0 && refireTriggers(job).isEmpty() && h.guard().deferrals().pendingCount() == 0;
        });
        awaitQuiet();
    }

    /** Waits until no job is executing, so the outcome rows are written. */
    private void awaitQuiet() {
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ofMillis(300)).until(() ->
                h.scheduler.quartz().getCurrentlyExecutingJobs().isEmpty()
                        && h.count("SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS") == 0);
    }
}
