package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.policy.MutableClock;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.storage.JobStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The guard as a Quartz plugin on a real GuardedScheduler (H2 file, Quartz JDBC store, JobRunr),
 * readings injected through the sampler's source interface.
 */
class GuardPluginTest {

    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;

    private GuardHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private GuardHarness start(String yaml) throws Exception {
        h = new GuardHarness(dir, yaml).start();
        return h;
    }

    private void selfplay(String name) {
        h.scheduler.register(JobSpec.builder(name, TestJobs.Probe.class).priority(Priority.NORMAL)
                .resizable("num_games", 10).parameter("num_games", "1000").cron(NEVER).build());
    }

    @Test
    void normalSelfplayIsResizedByLevel() throws Exception {
        start("");
        selfplay("selfplay-a");
        List<String> seen = TestJobs.seen("selfplay-a");
        int[] levels = {0, 2, 3};
        String[] expected = {"1000", "500", "250"};
        for (int i = 0; i < levels.length; i++) {
            h.level(levels[i]);
            h.scheduler.trigger("selfplay-a", Map.of());
            int n = i + 1;
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == n);
            assertThat(seen.get(i)).isEqualTo(expected[i]);
        }
        assertThat(h.decisions("selfplay-a", "ALLOW")).isEqualTo(1);
        assertThat(h.decisions("selfplay-a", "RESIZE")).isEqualTo(2);
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name='selfplay-a' AND decision='RESIZE' "
                + "AND requested_size=1000 AND granted_size=250 AND level=3 AND memory_source='host'")).isEqualTo(1);
        awaitQuiet();
        h.assertCountsConsistent();

        // the Prometheus counters agree with the audit rows, scraped over HTTP
        Guard guard = h.guard();
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(guard.http().orElseThrow().baseUri() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(counter(scrape, "RESIZE")).isEqualTo((double) h.decisions("selfplay-a", "RESIZE"));
        assertThat(counter(scrape, "ALLOW")).isEqualTo((double) h.decisions("selfplay-a", "ALLOW"));
        assertThat(scrape).contains("ringrift_resource_memory_used_percent 77.0")
                .contains("ringrift_resource_degradation_level 3.0");

        // /api/status reports the injected readings and the level
        String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(guard.http().orElseThrow().baseUri() + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(status).contains("\"level\" : 3").contains("\"resource\" : \"memory\"");
    }

    @Test
    void backgroundFireIsDeferredVisiblyInJobRunrAndRunsOnceWhenReadingsFall() throws Exception {
        start("");
        h.scheduler.register(JobSpec.builder("cleanup-a", TestJobs.Probe.class).priority(Priority.BACKGROUND)
                .cron(NEVER).build());
        h.level(1);
        h.scheduler.trigger("cleanup-a", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> h.decisions("cleanup-a", "DEFER") == 1);
        Guard guard = h.guard();
        // the audit row is committed before the deferral is stored: wait for the deferral
        await().atMost(Duration.ofSeconds(10)).until(() -> guard.deferrals().pending().size() == 1);
        List<PendingDeferral> pending = guard.deferrals().pending();
        String reason = pending.get(0).reason();
        assertThat(reason).contains("BACKGROUND").contains("level 1");

        // the dashboard's own HTTP API shows the scheduled deferral with the decision sentence
        String url = guard.jobrunr().orElseThrow().dashboard().orElseThrow().url().replace("/dashboard", "")
                + "/api/jobs?state=SCHEDULED";
        // (the 1 s backoff may already have re-deferred it: then the newer deferral is the one shown)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> res = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            List<PendingDeferral> now = guard.deferrals().pending();
            assertThat(now).hasSize(1);
            // the Scheduled list shows only names: the name carries the short reason
            assertThat(res.body()).containsPattern("cleanup-a deferred: [a-z]+ [0-9.]+% [^\"]*\\(attempt [0-9]+\\)")
                    .contains(jsonEscaped(now.get(0).reason()));
        });

        h.level(0);
        await().atMost(Duration.ofSeconds(40)).until(() -> TestJobs.seen("cleanup-a").size() == 1);
        // ran once: wait until nothing is left that could run it again, then count
        awaitNothingLeftToRun("cleanup-a");
        assertThat(TestJobs.seen("cleanup-a")).hasSize(1);
        assertThat(h.decisions("cleanup-a", "ALLOW")).isEqualTo(1);
        assertThat(guard.deferrals().pending()).isEmpty();
        h.assertCountsConsistent();
    }

    @Test
    void pendingDeferralSurvivesARestartAndRunsOnce() throws Exception {
        start("");
        h.scheduler.register(JobSpec.builder("cleanup-r", TestJobs.Probe.class).priority(Priority.BACKGROUND)
                .cron(NEVER).build());
        h.level(1);
        h.scheduler.trigger("cleanup-r", Map.of());
        // the deferral is stored before Quartz tells the job listeners of the veto (the fire counter)
        await().atMost(Duration.ofSeconds(20))
                .until(() -> h.guard().deferrals().pending().size() == 1 && h.fires.get() == 1);
        int firesBefore = h.fires.get();
        h.stop();

        GuardHarness again = new GuardHarness(dir, "", h.instanceName);
        again.source.set(Resource.MEMORY, GuardHarness.MEMORY_FOR_LEVEL[0]);
        h = again.start();
        assertThat(h.guard().deferrals().pending()).hasSize(1);
        // JobRunr elects a new master once the stopped server's heartbeat entry is gone: allow for it
        await().atMost(Duration.ofSeconds(90)).until(() -> TestJobs.seen("cleanup-r").size() == 1);
        awaitNothingLeftToRun("cleanup-r");
        assertThat(TestJobs.seen("cleanup-r")).hasSize(1);
        assertThat(h.decisions("cleanup-r", "ALLOW")).isEqualTo(1);
        h.fires.addAndGet(firesBefore);
        h.assertCountsConsistent();
    }

    @Test
    void aThrowingSensorGivesGuardErrorRowsAndLeavesNoTriggerStuck() throws Exception {
        start("");
        h.scheduler.register(JobSpec.builder("train-e", TestJobs.Probe.class).priority(Priority.HIGH)
                .cron(NEVER).build());
        h.source.failing(true);
        h.guard().sampler().sampleOnce();
        for (int i = 0; i < 100; i++) {
            h.scheduler.trigger("train-e", Map.of());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> TestJobs.seen("train-e").size() == 100);
        awaitQuiet();
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name='train-e' AND reason_code='GUARD_ERROR'"))
                .isEqualTo(100);
        assertThat(h.count("SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS")).isZero();
        assertThat(h.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_STATE IN ('BLOCKED','ERROR','ACQUIRED')"))
                .isZero();
        h.assertCountsConsistent();
    }

    @Test
    void repeatedFailuresOpenTheBreakerThenAHalfOpenProbeRuns() throws Exception {
        // the guard's clock only moves when told: the open time is exact, no waiting for it
        MutableClock clock = new MutableClock(Instant.now());
        h = new GuardHarness(dir, """
                breaker:
                  openDuration: 2s
                  maxOpenDuration: 4s
                """).withClock(clock).start();
        h.scheduler.register(JobSpec.builder("flaky", TestJobs.Flaky.class).priority(Priority.HIGH).cron(NEVER).build());
        TestJobs.Flaky.fail = true;
        for (int i = 1; i <= 3; i++) {
            h.scheduler.trigger("flaky", Map.of());
            int n = i;
            await().atMost(Duration.ofSeconds(20)).until(() -> h.count(
                    "SELECT COUNT(*) FROM job_outcome WHERE job_name='flaky' AND success = FALSE") == n);
        }
        h.scheduler.trigger("flaky", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count(
                "SELECT COUNT(*) FROM guard_decision WHERE job_name='flaky' AND reason_code='BREAKER_OPEN'") == 1);
        assertThat(h.decisions("flaky", "VETO")).isEqualTo(1);
        assertThat(TestJobs.seen("flaky")).hasSize(3);

        TestJobs.Flaky.fail = false;
        clock.advance(Duration.ofMillis(1990)); // still open 10 ms before the 2 s have passed
        h.scheduler.trigger("flaky", Map.of());
        // wait until this fire is decided (its row is the fifth), then say what the decision was
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count("SELECT COUNT(*) FROM guard_decision "
                + "WHERE job_name='flaky' AND decision IN ('ALLOW','RESIZE','DEFER','VETO')") == 5);
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name='flaky' AND reason_code='BREAKER_OPEN'"))
                .as("fire 1.99 s after the breaker opened").isEqualTo(2);
        assertThat(TestJobs.seen("flaky")).hasSize(3);
        clock.advance(Duration.ofMillis(10)); // open time over: the next fire is the half-open probe
        h.scheduler.trigger("flaky", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> TestJobs.seen("flaky").size() == 4);
        assertThat(TestJobs.seen("flaky").get(3)).isEqualTo("ok");
        awaitQuiet();
        assertThat(h.guard().engine().breakers().states().get("flaky").name()).isEqualTo("CLOSED");
        h.assertCountsConsistent();
    }

    @Test
    void jobRunrJobsPassTheSameEngineAndFailuresAreStillRetried() throws Exception {
        start("");
        Guard guard = h.guard();
        var jobrunr = guard.jobrunr().orElseThrow();
        h.level(2);
        var lowId = jobrunr.requestScheduler().create(JobBuilder.aJob().withName("low-by-label")
                .withLabels("priority:LOW").withJobRequest(new TestJobs.Work("low")));
        var annotatedId = jobrunr.requestScheduler().create(JobBuilder.aJob().withName("low-by-annotation")
                .withJobRequest(new TestJobs.LowWork()));
        Job low = jobrunr.storage().getJobById(lowId.asUUID());
        assertThat(low.getState()).isEqualTo(StateName.SCHEDULED);
        assertThat(low.<org.jobrunr.jobs.states.ScheduledState>getJobState().getReason())
                .startsWith("guard: ").contains("LOW");
        assertThat(jobrunr.storage().getJobById(annotatedId.asUUID()).getState()).isEqualTo(StateName.SCHEDULED);
        // each was deferred as LOW (JobRunr may already have re-elected one: then it is deferred again)
        for (String job : List.of("low-by-label", "low-by-annotation")) {
            assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_group='jobrunr' AND job_name=? "
                    + "AND decision='DEFER' AND priority='LOW'", job)).isPositive();
            assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_group='jobrunr' AND job_name=? "
                    + "AND decision<>'DEFER'", job)).isZero();
        }

        // the level falls to 0 once the 1 s dwell has passed: sample until the engine says so
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            h.level(0);
            return guard.engine().currentLevel() == 0;
        });
        var failing = jobrunr.requestScheduler().create(JobBuilder.aJob().withName("fails")
                .withJobRequest(new TestJobs.Work("fail-1")));
        // JobRunr's RetryFilter still works beside the guard's filter: after the failure the job is
        // scheduled again with a "Retry" reason (it may already be enqueued again when we look)
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            Job j = jobrunr.storage().getJobById(failing.asUUID());
            return j.getJobStates().stream().anyMatch(st -> st.getName() == StateName.FAILED)
                    && j.getJobStates().stream().anyMatch(st -> st instanceof org.jobrunr.jobs.states.ScheduledState ss
                            && ss.getReason() != null && ss.getReason().contains("Retry"));
        });
    }

    /** Sum of ringrift_guard_decisions_total over labels with the given decision. */
    private static double counter(String scrape, String decision) {
        return scrape.lines()
                .filter(l -> l.startsWith("ringrift_guard_decisions_total{") && l.contains("decision=\"" + decision + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String jsonEscaped(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Waits until nothing is left that could run {@code job} again: no JobRunr job (a deferral, a
     * retry of one) is awaiting, scheduled, enqueued or processing, no Quartz trigger of the job is
     * due before its never-firing cron (a re-fire trigger), and no job executes. A second run would
     * have to come from one of these, so a count taken afterwards is final.
     */
    private void awaitNothingLeftToRun(String job) throws Exception {
        var storage = h.guard().jobrunr().orElseThrow().storage();
        Instant never = Instant.parse("2098-01-01T00:00:00Z");
        await().atMost(Duration.ofSeconds(40)).pollDelay(Duration.ofMillis(100)).until(() -> {
            JobStats st = storage.getJobStats();
            long jobrunrLeft = st.getAwaiting() + st.getScheduled() + st.getEnqueued() + st.getProcessing();
            long quartzLeft = 0;
            for (JobKey key : h.scheduler.quartz().getJobKeys(GroupMatcher.anyJobGroup())) {
                if (key.getName().equals(job)) {
                    quartzLeft += h.scheduler.quartz().getTriggersOfJob(key).stream()
                            .filter(t -> t.getNextFireTime() != null && t.getNextFireTime().toInstant().isBefore(never))
                            .count();
                }
            }
            return jobrunrLeft == 0 && quartzLeft == 0 && h.guard().deferrals().pendingCount() == 0;
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
