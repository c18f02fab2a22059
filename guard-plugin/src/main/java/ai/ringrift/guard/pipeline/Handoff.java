package ai.ringrift.guard.pipeline;

import java.util.Optional;

/**
 * Where a fire this node defers because of its own pressure could run now (issue 14 item 6):
 * the fleet's node registry, read by the composition root. When it names a node, the pipeline
 * makes the deferral due at once (the node's JobRunr throttle leaves it to the healthy nodes, see
 * {@code jobrunr.LevelThrottledWorkerPolicy}) instead of waiting out the backoff.
 */
@FunctionalInterface
public interface Handoff {

    /**
     * A live node other than this one that has room for {@code request} now, or empty. Must be
     * cheap (a cached view of the registry); may throw (the pipeline then keeps the backoff).
     */
    Optional<String> nodeWithRoom(FireRequest request);

    /** No fleet: the backoff always applies. */
    Handoff NONE = request -> Optional.empty();
}
