package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.jobrunr.JobRunrDeferrals;
import ai.ringrift.guard.pipeline.RefireKeys;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * A due deferral's re-fire is in flight from its claim until its decision is durable (table
 * {@code guard_refire}), through a real Quartz scheduler and real JobRunr on an H2 file. What
 * FleetProcessTest's kill -9 once lost: the node that fired a re-fire's trigger died before the
 * guard decided on it, and Quartz's recovery of that node dropped the fire (the job does not
 * request recovery), after the deferral had been consumed. Here that trigger is removed as
 * Quartz's recovery removes it, before it fires: the re-fire is fired again by the recovery pass
 * and runs once. A second fire of a re-fire that was decided already (a claimer that stalled past
 * the recovery, a Quartz recovery beside it) is held back: the job still runs once.
 */
class RefireInFlightTest {

    private static final String NEVER = "0 0 0 1 1 ? 2099";
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private GuardHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private void start() throws Exception {
        h = new GuardHarness(dir, "fleet:\n  heartbeatInterval: " + HEARTBEAT.toSeconds() + "s\n",
                "refire-" + System.nanoTime()).start();
    }

    /** Starts the guard, registers {@code job} as a BACKGROUND job and fires it at level 1: one pending deferral. */
    private void deferredOnce(String job) throws Exception {
        start();
        h.scheduler.register(JobSpec.builder(job, TestJobs.Probe.class).priority(Priority.BACKGROUND)
                .cron(NEVER).build());
        h.level(1);
        h.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> count("guard_deferral WHERE job_name = ?", job) == 1);
    }

    @Test
    void aReFireWhoseTriggerWasLostBeforeItsDecisionIsFiredAgainAndRunsOnce() throws Exception {
        String job = "inflight-lost";
        deferredOnce(job);

        // the node that takes the re-fire's trigger "dies" before deciding: here, nothing fires it
        h.scheduler.quartz().standby();
        h.level(0);
        // JobRunr's worker claims the due deferral: the row goes, the re-fire is in flight, its trigger is there
        await().atMost(Duration.ofSeconds(30)).until(() -> refireTriggers(job).size() == 1);
        assertThat(count("guard_deferral WHERE job_name = ?", job)).isZero();
        assertThat(count("guard_refire WHERE job_name = ?", job)).isEqualTo(1);
        // ... and Quartz's recovery of the dead node removes the fired trigger of a job that requests no recovery
        TriggerKey lost = refireTriggers(job).iterator().next();
        assertThat(h.scheduler.quartz().unscheduleJob(lost)).isTrue();
        h.scheduler.quartz().start();

        // the recovery pass fires it again once the grace has passed: it is decided and runs, once
        await().atMost(JobRunrDeferrals.REFIRE_GRACE.plus(HEARTBEAT.multipliedBy(5)).plusSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count("job_outcome WHERE job_name = ?", job) == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> count("guard_refire WHERE job_name = ?", job) == 0);
        assertThat(decisions(job)).containsExactly("DEFER/0", "ALLOW/1");
        assertThat(refireTriggers(job)).isEmpty();
        h.assertCountsConsistent();
    }

    @Test
    void aSecondFireOfAReFireAlreadyDecidedIsADuplicateAndIsHeldBack() throws Exception {
        String job = "inflight-dup";
        deferredOnce(job);
        String refireId = deferralId(job);
        h.level(0);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("job_outcome WHERE job_name = ?", job) == 1);
        assertThat(count("guard_refire WHERE job_name = ?", job)).as("settled by its ALLOW").isZero();

        // the same re-fire fired a second time
        h.scheduler.refire(JobKey.jobKey(job, JobSpec.DEFAULT_GROUP), Map.of(RefireKeys.REFIRE, refireId), 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> decisions(job).size() == 3);
        assertThat(decisions(job)).containsExactly("DEFER/0", "ALLOW/1", "VETO/1");
        assertThat(lastReason(job)).contains("held back: a duplicate of re-fire " + refireId);
        assertThat(count("job_outcome WHERE job_name = ?", job)).as("the job ran once").isEqualTo(1);
        h.assertCountsConsistent();
    }

    private Set<TriggerKey> refireTriggers(String job) throws Exception {
        Set<TriggerKey> out = new java.util.HashSet<>();
        for (TriggerKey k : h.scheduler.quartz().getTriggerKeys(GroupMatcher.triggerGroupEquals(QuartzRefire.TRIGGER_GROUP))) {
            if (k.getName().startsWith(job + "-")) {
                out.add(k);
            }
        }
        return out;
    }

    private long count(String fromWhere, String job) throws SQLException {
        return h.count("SELECT COUNT(*) FROM " + fromWhere, job);
    }

    private String deferralId(String job) throws SQLException {
        return string("SELECT jobrunr_id FROM guard_deferral WHERE job_name = ?", job).get(0);
    }

    private String lastReason(String job) throws SQLException {
        List<String> r = string("SELECT reason FROM guard_decision WHERE job_name = ? ORDER BY seq", job);
        return r.get(r.size() - 1);
    }

    /** decision/attempt of the job's fire decisions, in order. */
    private List<String> decisions(String job) throws SQLException {
        return string("SELECT decision || '/' || CAST(attempt AS VARCHAR(10)) FROM guard_decision WHERE job_name = ?"
                + " AND decision IN ('ALLOW', 'RESIZE', 'DEFER', 'VETO') ORDER BY seq", job);
    }

    private List<String> string(String sql, String job) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = h.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
