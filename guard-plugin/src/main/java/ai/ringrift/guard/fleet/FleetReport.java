package ai.ringrift.guard.fleet;

import ai.ringrift.db.fleet.FleetView;
import ai.ringrift.db.fleet.Halt;
import ai.ringrift.db.fleet.HaltStore;
import ai.ringrift.db.fleet.NodeHeartbeat;
import ai.ringrift.db.fleet.NodeRegistry;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * What {@code GET /api/fleet} returns and {@code ringrift status --fleet} prints: every node of the
 * registry with its state (live, lost since when, stopped), the halts in force and the scale advice.
 *
 * @param readAt    the database's time of the read
 * @param lostAfter the bound of silence, seconds
 * @param nodes     the nodes by id
 * @param halts     the halts in force, the fleet-wide one first
 * @param advice    scale advice for the live nodes and the jobs of {@code fleet.scaleJobs}
 */
public record FleetReport(Instant readAt, double lostAfter, List<Node> nodes, List<Halt> halts,
                          List<ScaleAdvice> advice) {

    /**
     * One node.
     *
     * @param state     {@code LIVE}, {@code LOST} or {@code STOPPED}
     * @param silentMs  time since its last heartbeat
     * @param lostSince when it became lost, null unless lost
     * @param heartbeat its last heartbeat row
     */
    public record Node(String node, String state, long silentMs, Instant lostSince, NodeHeartbeat heartbeat) {
    }

    /** Reads the registry and the halts from {@code dataSource} and advises on {@code jobs}. */
    public static FleetReport read(DataSource dataSource, FleetSettings settings, Collection<String> jobs)
            throws SQLException {
        FleetView view = new NodeRegistry(dataSource).view(settings.lostAfter());
        List<Halt> halts = new HaltStore(dataSource).active();
        List<Node> nodes = view.nodes().stream().map(n -> new Node(n.nodeId(), n.state().name(),
                n.silentFor().toMillis(), n.lostSince(), n.beat())).toList();
        return new FleetReport(view.readAt(), settings.lostAfter().toMillis() / 1000.0, nodes, halts,
                new ScaleAdvisor(settings).advise(view, jobs));
    }
}
