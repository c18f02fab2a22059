package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;

/**
 * Level 4 aborts running work (issue 12 item 1) on a real GuardedScheduler (H2 file, Quartz JDBC
 * store, JobRunr deferrals), readings injected through the sampler's source: running fires below
 * CRITICAL are interrupted lowest priority first, then the most recently started, one per
 * eviction interval; CRITICAL keeps running; each evicted fire re-runs exactly once after the level
 * falls; the audit holds EVICT rows and INTERRUPTED outcomes. Shadow mode interrupts nothing.
 */
class EvictionTest {

    private static final String NEVER = "0 0 0 1 1 ? 2099";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private GuardHarness h;

    @BeforeEach
    void reset() {
        EvictionJobs.reset();
    }

    @AfterEach
    void stop() {
        EvictionJobs.release.countDown();
        if (h != null) {
            h.close();
        }
    }

    private void register(String name, Class<? extends Job> type, Priority priority, Resource... relieves) {
        h.scheduler.register(JobSpec.builder(name, type).priority(priority).relieves(relieves).cron(NEVER).build());
    }

    private void startRunning(String name) {
        h.scheduler.trigger(name, Map.of());
        await().atMost(WAIT).until(() -> EvictionJobs.running(name));
    }

    @Test
    void levelFourInterruptsLowestPriorityThenNewestOnePerIntervalAndEachReRunsOnceWhenTheLevelFalls()
            throws Exception {
        h = new GuardHarness(dir, "eviction:\n  interval: 2s\n").start();
        register("low-old", EvictionJobs.Interruptible.class, Priority.LOW);
        register("low-new", EvictionJobs.Interruptible.class, Priority.LOW);
        register("background", EvictionJobs.Interruptible.class, Priority.BACKGROUND);
        register("critical", EvictionJobs.Interruptible.class, Priority.CRITICAL);
        startRunning("low-old");
        startRunning("background");
        startRunning("low-new");
        startRunning("critical");
        Guard guard = h.guard();
        assertThat(guard.running().size()).isEqualTo(4);

        h.level(4);
        await().atMost(WAIT).until(() -> evictions("LEVEL").size() == 3);
        List<Eviction> ev = evictions("LEVEL");
        assertThat(ev).extracting(Eviction::job).containsExactly("background", "low-new", "low-old");
        for (int i = 1; i < ev.size(); i++) {
            // one per interval (2 s), each chosen on readings taken after the one before
            assertThat(Duration.between(ev.get(i - 1).at(), ev.get(i).at())).isGreaterThan(Duration.ofMillis(1500));
        }
        assertThat(ev.get(0).reason()).contains("level 4", "memory 82.0 %", "BACKGROUND", "lowest priority first");
        assertThat(ev).allSatisfy(e -> assertThat(e.memory()).isEqualTo(82.0));
        assertThat(ev).allSatisfy(e -> assertThat(e.fireId()).isNotBlank());
        await().atMost(WAIT).until(() -> !EvictionJobs.running("low-old") && !EvictionJobs.running("low-new")
                && !EvictionJobs.running("background"));
        assertThat(EvictionJobs.running("critical")).as("CRITICAL keeps running").isTrue();
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE decision = 'EVICT' AND job_name = 'critical'"))
                .isZero();
        // each interrupted fire's outcome says so; the breaker is not fed
        for (String job : List.of("background", "low-new", "low-old")) {
            // outcome rows are handed to the writer without waiting for their commit
            await().atMost(WAIT).until(() -> h.count("SELECT COUNT(*) FROM job_outcome WHERE job_name = ? AND"
                    + " error_class = 'INTERRUPTED' AND success = FALSE AND error_message LIKE '%EVICT decision%'"
                    + " AND detail LIKE 'stopped on interrupt%'", job) == 1);
        }
        assertThat(guard.engine().breakers().states()).doesNotContainValue(
                ai.ringrift.guard.safety.BreakerState.OPEN);
        // durable re-runs, visible as JobRunr deferrals (attempt 1)
        await().atMost(WAIT).until(() -> guard.deferrals().pending().size() >= 1);

        h.level(0);
        for (String job : List.of("background", "low-new", "low-old")) {
            await().atMost(WAIT).until(() -> EvictionJobs.runs(job).size() == 2);
        }
        await().atMost(WAIT).until(() -> guard.deferrals().pending().isEmpty());
        for (String job : List.of("background", "low-new", "low-old")) {
            assertThat(EvictionJobs.runs(job)).as(job).hasSize(2).first().isEqualTo("first");
            await().atMost(WAIT).until(() -> h.count("SELECT COUNT(*) FROM job_outcome WHERE job_name = ?"
                    + " AND success = TRUE", job) == 1);
        }
        assertThat(EvictionJobs.runs("critical")).containsExactly("first");
        assertThat(h.prometheus.scrape()).contains("decision=\"EVICT\"");

        EvictionJobs.release.countDown();
        await().atMost(WAIT).until(() -> guard.running().size() == 0);
        h.assertCountsConsistent();
    }

    @Test
    void shadowModeAuditsWouldBeEvictionsAndInterruptsNothing() throws Exception {
        h = new GuardHarness(dir, "policy:\n  shadow: true\neviction:\n  interval: 1s\n").start();
        register("background", EvictionJobs.Interruptible.class, Priority.BACKGROUND);
        register("low", EvictionJobs.Interruptible.class, Priority.LOW);
        register("critical", EvictionJobs.Interruptible.class, Priority.CRITICAL);
        startRunning("background");
        startRunning("low");
        startRunning("critical");

        h.level(4);
        await().atMost(WAIT).until(() -> evictions("SHADOW").size() == 2);
        assertThat(evictions("SHADOW")).extracting(Eviction::job).containsExactly("background", "low");
        assertThat(evictions("SHADOW").get(0).reason()).startsWith("[shadow mode: not interrupted] level 4");
        assertThat(evictions("LEVEL")).isEmpty();
        assertThat(EvictionJobs.running("background")).isTrue();
        assertThat(EvictionJobs.running("low")).isTrue();
        assertThat(EvictionJobs.running("critical")).isTrue();

        EvictionJobs.release.countDown();
        Guard guard = h.guard();
        await().atMost(WAIT).until(() -> guard.running().size() == 0);
        await().atMost(WAIT).until(() -> h.count("SELECT COUNT(*) FROM job_outcome WHERE success = TRUE") == 3);
        assertThat(h.count("SELECT COUNT(*) FROM job_outcome WHERE error_class = 'INTERRUPTED'")).isZero();
        assertThat(guard.deferrals().pending()).isEmpty();
    }

    @Test
    void notInterruptibleAndRelievingJobsAreLeftAloneAndAnIgnoredInterruptIsReportedNotKilled() throws Exception {
        h = new GuardHarness(dir, "eviction:\n  interval: 1s\n  gracePeriod: 1s\n").start();
        register("plain", EvictionJobs.Plain.class, Priority.BACKGROUND);
        register("deaf", EvictionJobs.Deaf.class, Priority.LOW);
        register("reclaim", EvictionJobs.Interruptible.class, Priority.BACKGROUND, Resource.MEMORY);
        startRunning("plain");
        startRunning("deaf");
        startRunning("reclaim");

        h.level(4);
        await().atMost(WAIT).until(() -> evictions("IGNORED_INTERRUPT").size() == 1);
        assertThat(evictions("NOT_INTERRUPTIBLE")).extracting(Eviction::job).containsExactly("plain");
        assertThat(evictions("NOT_INTERRUPTIBLE").get(0).reason()).contains("not interruptible", "left running");
        assertThat(evictions("LEVEL")).extracting(Eviction::job).containsExactly("deaf");
        assertThat(evictions("IGNORED_INTERRUPT").get(0).reason()).contains("reported, not killed");
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE decision = 'EVICT' AND job_name = 'reclaim'"))
                .as("a job relieving the worst resource is never evicted").isZero();
        assertThat(EvictionJobs.running("plain")).isTrue();
        assertThat(EvictionJobs.running("deaf")).as("not killed").isTrue();
        assertThat(EvictionJobs.running("reclaim")).isTrue();
        // each reported once, not on every interval
        Guard guard = h.guard();
        long rows = h.count("SELECT COUNT(*) FROM guard_decision WHERE decision = 'EVICT'");
        long seq = guard.sampler().latest().sequence();
        await().atMost(WAIT).until(() -> guard.sampler().latest().sequence() >= seq + 3);
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE decision = 'EVICT'")).isEqualTo(rows);

        h.level(0);
        EvictionJobs.release.countDown();
        await().atMost(WAIT).until(() -> EvictionJobs.runs("deaf").size() == 2);
        await().atMost(WAIT).until(() -> guard.running().size() == 0 && guard.deferrals().pending().isEmpty());
        await().atMost(WAIT).until(() -> h.count("SELECT COUNT(*) FROM job_outcome WHERE job_name = 'deaf'"
                + " AND error_class = 'INTERRUPTED'") == 1);
        assertThat(EvictionJobs.runs("plain")).containsExactly("first");
    }

    @Test
    void aProcessingJobRunrJobIsStoppedByJobRunrsOwnDeleteAndReRunsOnceAsANewScheduledJob() throws Exception {
        h = new GuardHarness(dir, "").start();
        Guard guard = h.guard();
        var jobrunr = guard.jobrunr().orElseThrow();
        var id = jobrunr.requestScheduler().create(org.jobrunr.scheduling.JobBuilder.aJob().withName("sleepy")
                .withLabels("priority:BACKGROUND").withJobRequest(new EvictionJobs.Sleepy("sleepy")));
        await().atMost(WAIT).until(() -> EvictionJobs.running("jobrunr:sleepy"));

        h.level(4);
        await().atMost(WAIT).until(() -> evictions("LEVEL").size() == 1);
        assertThat(evictions("LEVEL").get(0).job()).isEqualTo("sleepy");
        assertThat(evictions("LEVEL").get(0).fireId()).isEqualTo(id.asUUID().toString());
        // JobRunr interrupts the worker thread at its next heartbeat of the deleted job
        await().atMost(WAIT).until(() -> !EvictionJobs.running("jobrunr:sleepy"));
        await().atMost(WAIT).until(() -> h.count("SELECT COUNT(*) FROM job_outcome WHERE job_group = 'jobrunr'"
                + " AND job_name = 'sleepy' AND error_class = 'INTERRUPTED'") == 1);
        assertThat(jobrunr.storage().getJobById(id.asUUID()).getState())
                .isEqualTo(org.jobrunr.jobs.states.StateName.DELETED);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            h.level(0);
            return guard.engine().currentLevel() == 0;
        });
        await().atMost(WAIT).until(() -> EvictionJobs.runs("jobrunr:sleepy").size() == 2);
        await().atMost(WAIT).until(() -> h.count("SELECT COUNT(*) FROM job_outcome WHERE job_group = 'jobrunr'"
                + " AND job_name = 'sleepy' AND success = TRUE") == 1);
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_group = 'jobrunr' AND job_name = 'sleepy'"
                + " AND decision = 'ALLOW' AND attempt >= 1")).as("the re-run, its attempt counted").isEqualTo(1);
        assertThat(EvictionJobs.runs("jobrunr:sleepy")).containsExactly("first", "again");
    }

    private record Eviction(String job, String reason, java.time.Instant at, Double memory, String fireId) {
    }

    private List<Eviction> evictions(String reasonCode) throws SQLException {
        List<Eviction> out = new ArrayList<>();
        try (Connection c = h.db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job_name, reason, decided_at, memory_used_pct,"
                     + " fire_instance_id FROM guard_decision WHERE decision = 'EVICT' AND reason_code = ?"
                     + " ORDER BY seq")) {
            ps.setString(1, reasonCode);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Eviction(rs.getString(1), rs.getString(2),
                            rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), rs.getDouble(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }
}
