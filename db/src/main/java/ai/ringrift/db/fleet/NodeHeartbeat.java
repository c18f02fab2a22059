package ai.ringrift.db.fleet;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One node's row in {@code guard_node}: who it is and how it is, as of its last heartbeat.
 *
 * @param nodeId            the node id (also Quartz's instance id and the audit's node)
 * @param host              host name
 * @param version           ringrift version of the node
 * @param tier              host tier ({@code HIGH_END}, {@code MID_TIER}, {@code LOW_TIER}, {@code CPU_ONLY})
 * @param tierTargetPercent the tier's utilisation target
 * @param capacity          cores, memory, GPU memory, disk, worker threads
 * @param readings          latest readings by resource key ({@code cpu}, {@code memory}, {@code gpu}, {@code disk})
 * @param level             degradation level 0..4 (-1: no readings yet)
 * @param worstResource     the resource setting the level, or null
 * @param pendingDeferrals  pending deferrals this node made (its share: summed over nodes it is the fleet's count)
 * @param runningFires      fires running on the node now
 * @param runningByJob      running fires by job name
 * @param halted            whether the node is halted
 * @param haltReason        why, or null
 * @param startedAt         when the node started
 * @param heartbeatAt       the database's time of the last heartbeat (null before it is written)
 * @param stoppedAt         when the node shut down cleanly, or null
 */
public record NodeHeartbeat(String nodeId, String host, String version, String tier, double tierTargetPercent,
                            NodeCapacity capacity, Map<String, NodeReading> readings, int level, String worstResource,
                            int pendingDeferrals, int runningFires, Map<String, Integer> runningByJob, boolean halted,
                            String haltReason, Instant startedAt, Instant heartbeatAt, Instant stoppedAt) {

    /** The resource keys that have columns. */
    public static final String[] RESOURCES = {"cpu", "memory", "gpu", "disk"};

    public NodeHeartbeat {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(capacity, "capacity");
        readings = Collections.unmodifiableMap(new LinkedHashMap<>(readings == null ? Map.of() : readings));
        runningByJob = Collections.unmodifiableMap(new TreeMap<>(runningByJob == null ? Map.of() : runningByJob));
    }

    /** The reading of a resource, or null. */
    public NodeReading reading(String resource) {
        return readings.get(resource);
    }

    /** Fires of {@code jobName} running on this node. */
    public int running(String jobName) {
        return runningByJob.getOrDefault(jobName, 0);
    }
}
