package ai.ringrift.guard.handoff;

import ai.ringrift.db.fleet.FleetView;
import ai.ringrift.guard.pipeline.FireRequest;
import ai.ringrift.guard.pipeline.Handoff;
import ai.ringrift.guard.policy.LevelTable;
import ai.ringrift.guard.policy.Rule;
import ai.ringrift.scheduler.model.Priority;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link Handoff} of a fleet: reads the node registry (a cached {@link FleetView}, refreshed
 * every heartbeat) and names the live node, other than this one and not halted, whose last
 * heartbeat level lets the fire's priority run under the level table (ALLOW, RESIZE, or
 * RESIZE_OR_DEFER for a resizable job); the least loaded first. Without a view (the database does
 * not answer) it names none, and the backoff applies.
 */
public final class RegistryHandoff implements Handoff {

    private final String nodeId;
    private final LevelTable table;
    private final Supplier<FleetView> view;

    /** @param view the latest registry view, or null while unknown */
    public RegistryHandoff(String nodeId, LevelTable table, Supplier<FleetView> view) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.table = Objects.requireNonNull(table, "table");
        this.view = Objects.requireNonNull(view, "view");
    }

    @Override
    public Optional<String> nodeWithRoom(FireRequest request) {
        FleetView v = view.get();
        if (v == null) {
            return Optional.empty();
        }
        String best = null;
        int bestLevel = Integer.MAX_VALUE;
        for (FleetView.Node n : v.live()) {
            var beat = n.beat();
            if (n.nodeId().equals(nodeId) || beat.halted() || beat.level() < 0 || beat.level() >= bestLevel) {
                continue;
            }
            if (runs(table, beat.level(), request.priority(), request.declaration().resizableParam() != null)) {
                best = n.nodeId();
                bestLevel = beat.level();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether the table lets a fire of {@code priority} run at {@code level}. */
    public static boolean runs(LevelTable table, int level, Priority priority, boolean resizable) {
        Rule rule = table.rule(level, priority);
        return rule == Rule.ALLOW || rule == Rule.RESIZE || (rule == Rule.RESIZE_OR_DEFER && resizable);
    }
}
