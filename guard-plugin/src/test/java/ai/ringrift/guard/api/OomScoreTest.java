package ai.ringrift.guard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real child processes get their oom_score_adj from their job's priority (read back from /proc). */
class OomScoreTest {

    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void linux() {
        assertThat(Path.of("/proc/self/oom_score_adj")).as("these tests read /proc (Linux)").exists();
    }

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
    }

    private Process sleeper(Priority p) throws Exception {
        OomScore.Started s = OomScore.start(new ProcessBuilder("sleep", "60"), p);
        children.add(s.process());
        assertThat(s.oom().applied()).as(s.oom().message()).isTrue();
        return s.process();
    }

    @Test
    void childValueIsSetByPriorityAndCriticalKeepsTheInheritedOne() throws Exception {
        int inherited = OomScore.ownAdj().orElseThrow();
        assertThat(adjOf(sleeper(Priority.BACKGROUND))).isEqualTo(1000);
        assertThat(adjOf(sleeper(Priority.LOW))).isEqualTo(800);
        assertThat(adjOf(sleeper(Priority.NORMAL))).isEqualTo(500);
        assertThat(adjOf(sleeper(Priority.HIGH))).isEqualTo(200);
        Process critical = sleeper(Priority.CRITICAL);
        assertThat(adjOf(critical)).as("protected: the parent's value").isEqualTo(inherited);
        // the kernel ranks by oom_score: BACKGROUND's is the highest
        assertThat(OomScore.score(children.get(0).pid()).orElseThrow())
                .isGreaterThan(OomScore.score(children.get(3).pid()).orElseThrow());
    }

    @Test
    void priorityOrderIsBackgroundHighestHighLowest() {
        int last = Integer.MAX_VALUE;
        for (Priority p : List.of(Priority.BACKGROUND, Priority.LOW, Priority.NORMAL, Priority.HIGH)) {
            int v = OomScore.forPriority(p).orElseThrow();
            assertThat(v).isLessThan(last);
            last = v;
        }
        assertThat(OomScore.forPriority(Priority.CRITICAL)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void exit137IsOutOfMemoryOtherExitsAreFailures() throws Exception {
        Process killed = new ProcessBuilder("sh", "-c", "kill -9 $$").start();
        assertThatThrownBy(() -> OomScore.awaitSuccess(killed, "worker"))
                .isInstanceOf(ChildOutOfMemoryException.class).hasMessageContaining("exit 137");
        Process failed = new ProcessBuilder("sh", "-c", "exit 3").start();
        assertThatThrownBy(() -> OomScore.awaitSuccess(failed, "worker"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited with 3");
        OomScore.awaitSuccess(new ProcessBuilder("true").start(), "worker");
    }

    @Test
    void aGoneProcessIsReportedNotThrown() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        OomScore.Result r = OomScore.set(p.pid(), 100);
        assertThat(r.applied()).isFalse();
        assertThat(r.message()).contains("does not exist");
        assertThatThrownBy(() -> OomScore.set(p.pid(), 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int adjOf(Process p) throws Exception {
        return Integer.parseInt(Files.readString(Path.of("/proc", Long.toString(p.pid()), "oom_score_adj")).trim());
    }
}
