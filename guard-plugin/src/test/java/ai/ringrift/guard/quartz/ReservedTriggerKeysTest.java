package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Trigger data cannot override a job's declaration: {@code ringrift.*} keys other than the guard's
 * own re-fire keys are reserved, ignored by the guard with one warning per job. Through the real
 * guard plugin on a real scheduler (H2, Quartz JDBC store, JobRunr deferrals).
 */
class ReservedTriggerKeysTest {

    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;

    private GuardHarness h;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger firesLogger = (Logger) LoggerFactory.getLogger(QuartzFires.class);

    @BeforeEach
    void captureLog() {
        log.start();
        firesLogger.addAppender(log);
    }

    @AfterEach
    void stop() {
        firesLogger.detachAppender(log);
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aTriggerCarryingRingriftPriorityCriticalAtLevel4IsDecidedWithTheJobsOwnPriority() throws Exception {
        h = new GuardHarness(dir, "").start();
        h.scheduler.register(JobSpec.builder("selfplay-x", TestJobs.Probe.class).priority(Priority.NORMAL)
                .cron(NEVER).build());
        h.level(4);

        h.scheduler.trigger("selfplay-x", Map.of("ringrift.priority", "CRITICAL", "ringrift.needs.memoryGb", "0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.decisions("selfplay-x", "DEFER") == 1);
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name = 'selfplay-x' AND priority = 'NORMAL' "
                + "AND level = 4 AND decision = 'DEFER'")).as("decided as the declared NORMAL at level 4").isEqualTo(1);
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name = 'selfplay-x' AND priority = 'CRITICAL'"))
                .as("no row with the trigger's priority").isZero();
        assertThat(h.decisions("selfplay-x", "ALLOW")).isZero();
        assertThat(TestJobs.seen("selfplay-x")).isEmpty();

        // a second fire with reserved keys: still the declaration, and still one warning for the job
        h.scheduler.trigger("selfplay-x", Map.of("ringrift.priority", "CRITICAL"));
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count(
                "SELECT COUNT(*) FROM guard_decision WHERE job_name = 'selfplay-x' AND decision IN ('DEFER','VETO') "
                        + "AND priority = 'NORMAL'") >= 2 || h.count(
                "SELECT COUNT(*) FROM guard_decision WHERE job_name = 'selfplay-x' AND decision = 'SUPERSEDED'") >= 1);
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name = 'selfplay-x' AND priority = 'CRITICAL'"))
                .isZero();
        assertThat(log.list.stream().filter(e -> e.getFormattedMessage().contains("selfplay-x")
                && e.getFormattedMessage().contains("ringrift.priority")))
                .as("one warning per job, naming the ignored keys").hasSize(1)
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("ringrift.needs.memoryGb")
                        .contains("reserved"));

        // the guard's own re-fire keys still work: the deferred fire runs once when the level falls,
        // as a re-fire (attempt 1 or more), with its declaration
        h.level(0);
        await().atMost(Duration.ofSeconds(40)).until(() -> TestJobs.seen("selfplay-x").size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count("SELECT COUNT(*) FROM guard_decision "
                + "WHERE job_name = 'selfplay-x' AND decision = 'ALLOW' AND attempt >= 1 AND priority = 'NORMAL'") == 1);
    }

    @Test
    void reservedKeysAreTheDeclarationsNotTheGuardsOwn() {
        assertThat(QuartzFires.reserved("ringrift.priority")).isTrue();
        assertThat(QuartzFires.reserved("ringrift.needs.gpuMemoryGb")).isTrue();
        assertThat(QuartzFires.reserved("ringrift.resizable.min")).isTrue();
        assertThat(QuartzFires.reserved(ai.ringrift.guard.pipeline.RefireKeys.ATTEMPT)).isFalse();
        assertThat(QuartzFires.reserved(ai.ringrift.guard.pipeline.RefireKeys.FIRST_DEFERRED_AT)).isFalse();
        assertThat(QuartzFires.reserved(FireKeys.LEVEL)).isFalse();
        assertThat(QuartzFires.reserved("num_games")).isFalse();
    }
}
