package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.scheduling.JobBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "a host-wide level stalls unrelated work": the JobRunr throttle
 * ({@code LevelThrottledWorkerPolicy}) on a real guard (H2, Quartz, JobRunr with its 5 s poll).
 * With a training run holding the GPU at level 4, a CPU-only deferral runs when due and a
 * CRITICAL JobRunr job runs; with CPU, memory or disk at level 3 or above a CRITICAL job is still
 * taken at once, and other work is taken once it has waited two poll intervals (10 s).
 */
class PressuredNodeThrottleTest {

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

    private UUID enqueue(String tag, String priority) throws Exception {
        return h.guard().jobrunr().orElseThrow().requestScheduler().create(JobBuilder.aJob().withName(tag)
                .withLabels("priority:" + priority).withJobRequest(new TestJobs.Work(tag))).asUUID();
    }

    private Instant stateAt(UUID id, Class<? extends JobState> type) throws Exception {
        Job job = h.guard().jobrunr().orElseThrow().storage().getJobById(id);
        return job.getJobStates().stream().filter(type::isInstance).map(JobState::getCreatedAt).findFirst()
                .orElseThrow();
    }

    @Test
    void aFullGpuHoldsNeitherACpuOnlyDeferralNorCriticalWork() throws Exception {
        h = new GuardHarness(dir, "").start();
        Guard guard = h.guard();
        h.scheduler.register(JobSpec.builder("cpu-cleanup", TestJobs.Probe.class).priority(Priority.BACKGROUND)
                .cron(NEVER).build());
        h.level(1); // BACKGROUND is deferred at level 1
        h.scheduler.trigger("cpu-cleanup", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> guard.deferrals().pending().size() == 1);

        h.source.set(Resource.GPU, 95); // 95 % of the 80 % GPU limit: level 4
        h.level(0);
        assertThat(guard.engine().currentLevel()).as("host level, GPU included").isEqualTo(4);
        assertThat(guard.engine().coreLevel()).isZero();
        enqueue("critical-gpu-busy", "CRITICAL");

        await().atMost(Duration.ofSeconds(40)).until(() -> TestJobs.seen("cpu-cleanup").size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestJobs.seen("jobrunr:critical-gpu-busy").size() == 1);
        assertThat(guard.engine().currentLevel()).isEqualTo(4);
        assertThat(h.decisions("cpu-cleanup", "ALLOW")).isEqualTo(1);
    }

    @Test
    void aPressuredNodeTakesCriticalWorkAtOnceAndOtherWorkNoOneElseTookWithinTheBound() throws Exception {
        h = new GuardHarness(dir, "").start();
        h.level(4);
        UUID critical = enqueue("critical-pressured", "CRITICAL"); // CRITICAL is admitted at level 4
        await().atMost(Duration.ofSeconds(20)).until(() -> TestJobs.seen("jobrunr:critical-pressured").size() == 1);
        assertThat(Duration.between(stateAt(critical, EnqueuedState.class), stateAt(critical, ProcessingState.class)))
                .as("taken at the next poll, not held for the bound").isLessThan(Duration.ofSeconds(10));

        h.level(3);
        UUID high = enqueue("high-pressured", "HIGH"); // HIGH is admitted at level 3; no other node takes it
        await().atMost(Duration.ofSeconds(40)).until(() -> TestJobs.seen("jobrunr:high-pressured").size() == 1);
        Duration waited = Duration.between(stateAt(high, EnqueuedState.class), stateAt(high, ProcessingState.class));
        assertThat(waited).as("left to healthier nodes for two poll intervals, then taken")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(10)).isLessThan(Duration.ofSeconds(25));
    }
}
