package ai.ringrift.db.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registry read at one instant of the database's clock: every node with its last heartbeat and
 * its state. A node is {@link State#LOST} when its last heartbeat is older than {@code lostAfter}
 * and it did not stop cleanly; it is lost since {@code heartbeatAt + lostAfter}.
 *
 * @param readAt    the database's time of the read
 * @param lostAfter the bound of silence
 * @param nodes     every node ever registered, by node id
 */
public record FleetView(Instant readAt, Duration lostAfter, List<Node> nodes) {

    public FleetView {
        nodes = List.copyOf(nodes);
    }

    /** Whether a node is answering. */
    public enum State {
        /** Heartbeat within the bound. */
        LIVE,
        /** Silent longer than the bound (crashed, frozen, cut off). */
        LOST,
        /** Shut down cleanly. */
        STOPPED
    }

    /**
     * One node.
     *
     * @param beat       its last heartbeat
     * @param state      live, lost or stopped
     * @param silentFor  time since its last heartbeat
     * @param lostSince  when it became lost ({@code heartbeatAt + lostAfter}), null unless {@link State#LOST}
     */
    public record Node(NodeHeartbeat beat, State state, Duration silentFor, Instant lostSince) {

        public String nodeId() {
            return beat.nodeId();
        }

        public boolean live() {
            return state == State.LIVE;
        }
    }

    /** The live nodes. */
    public List<Node> live() {
        return nodes.stream().filter(Node::live).toList();
    }

    /** The lost nodes. */
    public List<Node> lost() {
        return nodes.stream().filter(n -> n.state() == State.LOST).toList();
    }

    public Optional<Node> node(String nodeId) {
        return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }

    /** The state a heartbeat at {@code heartbeatAt} has at {@code now}. */
    static Node classify(NodeHeartbeat beat, Instant now, Duration lostAfter) {
        Duration silent = Duration.between(beat.heartbeatAt(), now);
        if (silent.isNegative()) {
            silent = Duration.ZERO;
        }
        if (beat.stoppedAt() != null) {
            return new Node(beat, State.STOPPED, silent, null);
        }
        if (silent.compareTo(lostAfter) > 0) {
            return new Node(beat, State.LOST, silent, beat.heartbeatAt().plus(lostAfter));
        }
        return new Node(beat, State.LIVE, silent, null);
    }
}
