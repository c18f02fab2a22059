package ai.ringrift.guard.api;

import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;
import java.util.Map;

/**
 * What {@code getResourceStatus()} returns: every resource's state, the snapshot's time and
 * staleness, and the co-signals (load, PSI, per-GPU).
 */
public record ResourceStatus(Instant takenAt, boolean stale, Map<Resource, ResourceState> resources,
                             Map<String, Double> signals) {

    public ResourceState of(Resource r) {
        return resources.get(r);
    }

    /** True when every resource is ok and the readings are fresh. */
    public boolean allOk() {
        return !stale && resources.values().stream().allMatch(ResourceState::ok);
    }
}
