package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.fleet.FleetView;
import ai.ringrift.db.fleet.HaltStore;
import ai.ringrift.db.fleet.NodeRegistry;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.http.StatusServer;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emergency halt on a real scheduler with the plugin (H2): a halt row makes the node defer
 * NORMAL fires with reason HALT through the pipeline (a durable JobRunr deferral) within a
 * heartbeat while CRITICAL runs; {@code ringrift_guard_halted} says so; resume lets the deferred fire
 * run; the halt file halts the node too, with its first line as the reason; the node's heartbeat row
 * says halted; each change of the node's halt state is audited.
 */
class EmergencyHaltTest {

    static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;

    private GuardHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aHaltDefersBelowCriticalAndResumeReleases() throws Exception {
        Path haltFile = dir.resolve("HALT");
        h = new GuardHarness(dir, "fleet:\n  heartbeatInterval: 200ms\n  lostAfter: 2s\n  haltFile: " + haltFile
                + "\n").start();
        Guard guard = h.guard();
        h.scheduler.register(JobSpec.builder("normal-work", TestJobs.Probe.class).priority(Priority.NORMAL)
                .cron(NEVER).build());
        h.scheduler.register(JobSpec.builder("critical-work", TestJobs.Probe.class).priority(Priority.CRITICAL)
                .cron(NEVER).build());
        HaltStore halts = new HaltStore(h.db.dataSource());
        halts.halt(HaltStore.FLEET, "bad model pushed", "alice@ops", "cli@ops");
        await().atMost(Duration.ofSeconds(10)).until(() -> guard.engine().halt().halted());
        assertThat(scrape()).contains("ringrift_guard_halted 1.0");
        await().atMost(Duration.ofSeconds(10)).until(() -> new NodeRegistry(h.db.dataSource())
                .view(Duration.ofSeconds(2)).node(guard.nodeId()).map(n -> n.beat().halted()).orElse(false));

        h.scheduler.trigger("normal-work", Map.of());
        h.scheduler.trigger("critical-work", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> TestJobs.seen("critical-work").size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name"
                + " = 'normal-work' AND decision = 'DEFER' AND reason_code = 'HALT'") >= 1);
        assertThat(TestJobs.seen("normal-work")).as("nothing below CRITICAL runs while halted").isEmpty();
        // the deferral is a JobRunr job (durable, in the dashboard): it comes back and is deferred again
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count("SELECT COUNT(*) FROM guard_decision WHERE job_name"
                + " = 'normal-work' AND decision = 'DEFER' AND reason_code = 'HALT' AND attempt >= 1") >= 1);
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE decision = 'HALT' AND node_id = ?",
                guard.nodeId())).as("the node audits entering the halt").isEqualTo(1);

        halts.resume(HaltStore.FLEET, "rolled back", "alice@ops", "cli@ops");
        await().atMost(Duration.ofSeconds(10)).until(() -> !guard.engine().halt().halted());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestJobs.seen("normal-work").size() == 1);
        assertThat(scrape()).contains("ringrift_guard_halted 0.0");
        assertThat(h.count("SELECT COUNT(*) FROM guard_decision WHERE decision = 'RESUME' AND node_id = ?",
                guard.nodeId())).isEqualTo(1);

        Files.writeString(haltFile, "draining for a kernel update\nsecond line ignored\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> guard.engine().halt().halted());
        assertThat(guard.engine().halt().sentence()).contains("by halt file " + haltFile)
                .endsWith(": draining for a kernel update");
        Files.delete(haltFile);
        await().atMost(Duration.ofSeconds(10)).until(() -> !guard.engine().halt().halted());
        h.assertCountsConsistent();
    }

    @Test
    void aCleanStopIsNotLost() throws Exception {
        h = new GuardHarness(dir, "fleet:\n  heartbeatInterval: 200ms\n  lostAfter: 1s\n").start();
        String node = h.guard().nodeId();
        NodeRegistry registry = new NodeRegistry(h.db.dataSource());
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.view(Duration.ofSeconds(1)).node(node)
                .map(FleetView.Node::live).orElse(false));
        h.scheduler.shutdown(true);
        assertThat(registry.view(Duration.ofSeconds(1)).node(node).orElseThrow().state())
                .isEqualTo(FleetView.State.STOPPED);
    }

    private String scrape() {
        return h.prometheus.scrape(StatusServer.METRICS_CONTENT_TYPE);
    }
}
