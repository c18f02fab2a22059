package ai.ringrift.db.deferral;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A due deferral claimed for its re-fire whose decision is not yet durable (table
 * {@code guard_refire}): what it takes to schedule the Quartz trigger again should the node that
 * fired it die before deciding.
 *
 * @param refireId       the deferral's JobRunr id; the re-fire trigger's key ends with it and its
 *                       data carries it
 * @param jobGroup       Quartz job group
 * @param jobName        Quartz job name
 * @param attempt        how many times the fire has been deferred
 * @param quartzPriority the trigger priority of the re-fire
 * @param data           the trigger data (the carried data and the guard's carry keys)
 * @param nodeId         the node that claimed it (or fired it again)
 * @param claimedAt      when it was claimed (or fired again)
 * @param refired        how many times it was fired again after its trigger was lost
 */
public record InFlightRefire(String refireId, String jobGroup, String jobName, int attempt, int quartzPriority,
                             Map<String, String> data, String nodeId, Instant claimedAt, int refired) {

    public InFlightRefire {
        Objects.requireNonNull(refireId, "refireId");
        Objects.requireNonNull(jobGroup, "jobGroup");
        Objects.requireNonNull(jobName, "jobName");
        data = Map.copyOf(data);
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(claimedAt, "claimedAt");
    }
}
