package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.api.ChildOutOfMemoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-play's fork path: a real child JVM whose oom_score_adj is set from the job's priority before it
 * plays (it reads its own value back from /proc), the same games as in-process self-play, and a child
 * killed with SIGKILL (exit 137) failing the fire as out of memory.
 */
class SelfplayForkTest {

    private static JobHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new JobHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void forkedWorkerGetsItsPriorityScoreAndPlaysTheSameGames(@TempDir Path a, @TempDir Path b) throws Exception {
        String inProcess = harness.run(SelfplayJob.class, Map.of("data_dir", a.toString(), "num_games", "8",
                "seed", "42")).resultOrFail();
        String forked = harness.run(SelfplayJob.class, Map.of("data_dir", b.toString(), "num_games", "8",
                "seed", "42", "fork", "true")).resultOrFail();
        assertThat(inProcess).doesNotContain("worker pid");
        assertThat(forked).as("NORMAL: 500, as the worker read it from /proc/self").contains("oom_score_adj 500)");
        assertThat(Files.readString(SelfplayJobTest.gameFiles(b.resolve("games")).get(0)))
                .isEqualTo(Files.readString(SelfplayJobTest.gameFiles(a.resolve("games")).get(0)));
        assertThat(SelfplayJobTest.gameFiles(b.resolve("tmp"))).as("worker output removed").isEmpty();

        String background = harness.run(BackfillSelfplayJob.class, Map.of("data_dir", b.toString(), "num_games", "2",
                "fork", "true", "ringrift.priority", "BACKGROUND")).resultOrFail();
        assertThat(background).contains("oom_score_adj 1000)");
    }

    @Test
    void aWorkerKilledWithSigkillFailsTheFireAsOutOfMemory(@TempDir Path data) throws Exception {
        CompletableFuture<JobHarness.Outcome> run = CompletableFuture.supplyAsync(() -> {
            try {
                return harness.run(SelfplayJob.class, Map.of("data_dir", data.toString(), "num_games", "10000000",
                        "seed", "1", "fork", "true"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ProcessHandle[] worker = new ProcessHandle[1];
        JobHarness.Outcome outcome;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Optional<ProcessHandle> w = workers().findFirst();
                w.ifPresent(h -> worker[0] = h);
                return w.isPresent() || run.isDone();
            });
            assertThat(worker[0]).as("the forked worker").isNotNull();
            assertThat(worker[0].destroyForcibly()).isTrue(); // SIGKILL, as the kernel OOM killer sends it
            outcome = run.get();
        } finally {
            workers().forEach(ProcessHandle::destroyForcibly); // never leave the 10M-game worker behind
        }
        assertThat(outcome.error()).isNotNull();
        Throwable t = outcome.error();
        while (t != null && !(t instanceof ChildOutOfMemoryException)) {
            t = t.getCause();
        }
        assertThat(t).as("cause chain of " + outcome.error()).isInstanceOf(ChildOutOfMemoryException.class);
        assertThat(t.getMessage()).contains("exit 137");
        assertThat(SelfplayJobTest.gameFiles(data.resolve("games"))).isEmpty();
    }

    /** This JVM's SelfplayWorker children, by their /proc cmdline. */
    private static java.util.stream.Stream<ProcessHandle> workers() {
        return ProcessHandle.current().descendants().filter(h -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline"))
                        .contains(SelfplayWorker.class.getName());
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }
}
