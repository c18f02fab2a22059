package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.pipeline.GuardPipeline;
import ai.ringrift.scheduler.FiredTriggerHooks;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.testsupport.FireCounts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Fresh fires decided inside Quartz's "trigger fired" transaction ({@link FiredTriggerDecisions}),
 * real Quartz and the guard plugin on an H2 file: ALLOW and RESIZE rows are written there and
 * committed with the fire (each job sees its own row when it runs), fires the engine does not admit
 * take the ordinary way, a fire Quartz completes without running gets a NOT_RUN outcome, and the
 * count check holds.
 */
class FiredTriggerDecisionsTest {

    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;
    private GuardHarness h;

    /** Records whether the ALLOW/RESIZE row of its own fire was committed when it started. */
    public static class SeesItsDecision implements Job {
        static final List<String> SAW = new CopyOnWriteArrayList<>();
        static volatile GuardHarness harness;

        @Override
        public void execute(JobExecutionContext ctx) throws org.quartz.JobExecutionException {
            try (Connection c = harness.db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT decision FROM guard_decision WHERE fire_instance_id = ?"
                         + " AND decision IN ('ALLOW', 'RESIZE')")) {
                ps.setString(1, ctx.getFireInstanceId());
                try (ResultSet rs = ps.executeQuery()) {
                    SAW.add(rs.next() ? rs.getString(1) + " " + ctx.getMergedJobDataMap().getString("num_games")
                            : "no row");
                }
            } catch (java.sql.SQLException e) {
                throw new org.quartz.JobExecutionException(e);
            }
        }
    }

    /** Quartz cannot make an instance of it: the fire is completed without running. */
    public static class Unmakeable implements Job {
        public Unmakeable() {
            throw new IllegalStateException("this job cannot be instantiated");
        }

        @Override
        public void execute(JobExecutionContext ctx) {
        }
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    /** A deferral waits 60 s: it is still pending when the next fresh fire of its job comes. */
    private GuardHarness harness() throws java.io.IOException {
        return new GuardHarness(dir, "", "fired-" + java.util.UUID.randomUUID().toString().substring(0, 8), """
                  initialBackoff: 60s
                  maxBackoff: 60s
                  jitter: 0
                  maxDeferrals: 20
                """);
    }

    private java.util.List<String> rows(String job) throws java.sql.SQLException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = h.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq, decision, reason_code, attempt, reason FROM guard_decision WHERE job_name = ? ORDER BY seq")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + " " + rs.getString(2) + "/" + rs.getString(3) + " a" + rs.getInt(4) + " "
                            + rs.getString(5));
                }
            }
        }
        return out;
    }

    private FiredTriggerDecisions decisions() {
        return (FiredTriggerDecisions) FiredTriggerHooks.of(h.instanceName);
    }

    @Test
    void admittedFiresAreWrittenInTheFiredTransactionTheRestTakeTheOrdinaryWay() throws Exception {
        h = harness().start();
        admittedInTheTransactionTheRestTheOrdinaryWay();
    }

    @Test
    void onPostgresqlWithClusteredQuartzToo() throws Exception {
        String database = "rr_fired_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = postgresOrSkip(); java.sql.Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        try {
            h = harness().on(new ai.ringrift.db.DatabaseSettings(SERVER + database, "postgres", "", 8)).start();
            assertThat(h.scheduler.quartz().getMetaData().isJobStoreClustered()).isTrue();
            admittedInTheTransactionTheRestTheOrdinaryWay();
        } finally {
            if (h != null) {
                h.close();
                h = null;
            }
            try (Connection admin = java.sql.DriverManager.getConnection(SERVER + "test", "postgres", "");
                 java.sql.Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private static Connection postgresOrSkip() {
        try {
            return java.sql.DriverManager.getConnection(SERVER + "test", "postgres", "");
        } catch (java.sql.SQLException e) {
            if (ai.ringrift.testsupport.Ci.active()) {
                throw new AssertionError("PostgreSQL at 127.0.0.1:5432 is required under CI: " + e.getMessage(), e);
            }
            org.junit.jupiter.api.Assumptions.abort("PostgreSQL not reachable: " + e.getMessage());
            return null;
        }
    }

    private void admittedInTheTransactionTheRestTheOrdinaryWay() throws Exception {
        SeesItsDecision.SAW.clear();
        TestJobs.seen("within-b").clear();
        SeesItsDecision.harness = h;
        h.scheduler.register(JobSpec.builder("within-n", SeesItsDecision.class).priority(Priority.NORMAL)
                .cron(NEVER).build());
        h.scheduler.register(JobSpec.builder("within-r", SeesItsDecision.class).priority(Priority.NORMAL)
                .resizable("num_games", 10).parameter("num_games", "1000").cron(NEVER).build());
        h.scheduler.register(JobSpec.builder("within-b", TestJobs.Probe.class).priority(Priority.BACKGROUND)
                .cron(NEVER).build());
        h.level(0);
        for (int i = 0; i < 10; i++) {
            h.scheduler.trigger("within-n", Map.of());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> SeesItsDecision.SAW.size() == 10);
        assertThat(SeesItsDecision.SAW).containsOnly("ALLOW null");
        assertThat(decisions().admittedInTransaction()).isEqualTo(10);

        h.level(2); // NORMAL resized, BACKGROUND deferred
        h.scheduler.trigger("within-r", Map.of());
        h.scheduler.trigger("within-b", Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> SeesItsDecision.SAW.size() == 11
                && h.decisions("within-b", "DEFER") == 1);
        assertThat(SeesItsDecision.SAW.get(10)).startsWith("RESIZE ").isNotEqualTo("RESIZE 1000");
        assertThat(decisions().admittedInTransaction()).as("the DEFER took the ordinary way").isEqualTo(11);
        assertThat(h.decisions("within-b", "DEFER")).isEqualTo(1);
        assertThat(decisions().waiting()).isZero();

        // the DEFER is pending (60 s backoff); a fresh fire of the job takes the ordinary way and supersedes it
        h.level(0);
        // hysteresis holds level 2 for levels.dwell after the reading falls: fire once level 0 counts
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            h.level(0);
            return h.guard().engine().currentLevel() == 0;
        });
        h.scheduler.trigger("within-b", Map.of());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> TestJobs.seen("within-b").size() == 1
                    && h.decisions("within-b", "SUPERSEDED") == 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("within-b: ran " + TestJobs.seen("within-b") + ", rows " + rows("within-b"), e);
        }
        assertThat(decisions().admittedInTransaction()).as("the fire with a deferral pending took the ordinary way")
                .isEqualTo(11);
        assertThat(h.guard().deferrals().pending()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(h::assertCountsConsistent);
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name LIKE 'within-%'"
                + " AND decision IN ('ALLOW','RESIZE','DEFER','VETO')")).isEqualTo(13);
    }

    @Test
    void anAdmittedFireQuartzNeverRanGetsANotRunOutcome() throws Exception {
        h = new GuardHarness(dir, "").start();
        h.scheduler.register(JobSpec.builder("unmakeable", Unmakeable.class).priority(Priority.NORMAL)
                .cron(NEVER).build());
        h.scheduler.trigger("unmakeable", Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> h.count(
                "SELECT COUNT(*) FROM job_outcome WHERE job_name = 'unmakeable' AND error_class = ?",
                GuardPipeline.NOT_RUN) == 1);
        assertThat(h.decisions("unmakeable", "ALLOW")).isEqualTo(1);
        assertThat(decisions().waiting()).isZero();
        FireCounts.assertEveryAdmittedFireHasAnOutcome(h.db.dataSource(), "ringrift");
    }
}
