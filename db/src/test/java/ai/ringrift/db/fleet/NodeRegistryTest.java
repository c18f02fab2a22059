package ai.ringrift.db.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.audit.AuditQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry and the halts on H2: a heartbeat round-trips, a silent node turns lost (with since
 * when), a cleanly stopped one does not; a halt and its resume change the table and write their
 * audit rows in one go.
 */
class NodeRegistryTest {

    @TempDir
    Path tmp;

    static NodeHeartbeat beat(String node, int level, boolean halted) {
        return new NodeHeartbeat(node, "host-" + node, "0.1.0", "MID_TIER", 60,
                new NodeCapacity(8.0, 64.0, 24.0, 500.0, 4),
                Map.of("cpu", new NodeReading(42.5, "cgroup", 120), "gpu", new NodeReading(30, "nvml", 80)),
                level, "cpu", 2, 3, Map.of("selfplay", 2, "train", 1), halted, halted ? "maintenance" : null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null);
    }

    @Test
    void aHeartbeatRoundTripsAndASilentNodeIsLost() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("reg")))) {
            NodeRegistry reg = new NodeRegistry(db.dataSource());
            reg.beat(beat("a", 1, false));
            reg.beat(beat("b", 0, true));
            reg.beat(beat("a", 2, false)); // second beat updates the row
            FleetView v = reg.view(Duration.ofMinutes(1));
            assertThat(v.nodes()).extracting(FleetView.Node::nodeId).containsExactly("a", "b");
            NodeHeartbeat a = v.node("a").orElseThrow().beat();
            assertThat(a.level()).isEqualTo(2);
            assertThat(a.reading("cpu")).isEqualTo(new NodeReading(42.5, "cgroup", 120));
            assertThat(a.reading("memory")).isNull();
            assertThat(a.runningByJob()).containsEntry("selfplay", 2).containsEntry("train", 1);
            assertThat(a.capacity().workerThreads()).isEqualTo(4);
            assertThat(a.heartbeatAt()).isNotNull();
            assertThat(v.node("b").orElseThrow().beat().haltReason()).isEqualTo("maintenance");
            assertThat(v.live()).hasSize(2);

            reg.stopped("b");
            await().atMost(Duration.ofSeconds(10)).until(() -> reg.view(Duration.ofMillis(1)).lost().size() == 1);
            FleetView later = reg.view(Duration.ofMillis(1));
            FleetView.Node lost = later.node("a").orElseThrow();
            assertThat(lost.state()).isEqualTo(FleetView.State.LOST);
            assertThat(lost.lostSince()).isEqualTo(lost.beat().heartbeatAt().plusMillis(1));
            assertThat(later.node("b").orElseThrow().state()).as("stopped cleanly, not lost")
                    .isEqualTo(FleetView.State.STOPPED);

            reg.beat(beat("b", 0, false));
            assertThat(reg.view(Duration.ofMinutes(1)).node("b").orElseThrow().state())
                    .as("a restarted node is live again").isEqualTo(FleetView.State.LIVE);
        }
    }

    @Test
    void haltAndResumeAreStoredAndAudited() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("halt")))) {
            HaltStore halts = new HaltStore(db.dataSource());
            assertThat(halts.haltFor("a")).isEmpty();
            halts.halt("b", "disk swap", "bob@ops", "cli@ops");
            assertThat(halts.haltFor("a")).isEmpty();
            assertThat(halts.haltFor("b")).hasValueSatisfying(h -> assertThat(h.reason()).isEqualTo("disk swap"));
            Halt fleet = halts.halt(HaltStore.FLEET, "bad model", "alice@ops", "cli@ops");
            assertThat(halts.haltFor("a")).contains(fleet);
            assertThat(halts.haltFor("late-joiner")).as("holds for nodes that join later").contains(fleet);
            assertThat(halts.active()).extracting(Halt::scope).containsExactly("*", "b");

            assertThat(halts.resume(HaltStore.FLEET, "fixed", "alice@ops", "cli@ops")).contains(fleet);
            assertThat(halts.resume(HaltStore.FLEET, "again", "alice@ops", "cli@ops")).isEmpty();
            assertThat(halts.haltFor("a")).isEmpty();
            assertThat(halts.haltFor("b")).isPresent();

            var rows = new AuditQuery(db.dataSource()).find(ai.ringrift.db.audit.AuditFilter.builder().build()).rows();
            assertThat(rows).extracting(r -> r.decision() + " " + r.jobName() + " " + r.nodeId() + " " + r.seq())
                    .containsExactlyInAnyOrder("HALT halt:b cli@ops 1", "HALT halt:* cli@ops 2",
                            "RESUME halt:* cli@ops 3");
            assertThat(rows).filteredOn(r -> r.decision().equals("RESUME")).singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("alice@ops").contains("fixed")
                            .contains("bad model"));
        }
    }
}
