package ai.ringrift.guard.pipeline;

import java.util.Map;

/**
 * One re-fire of a Quartz job.
 *
 * @param jobGroup       Quartz job group
 * @param jobName        Quartz job name
 * @param data           the trigger data to carry (strings), the guard's carry keys included
 * @param attempt        how many times this fire has been deferred so far
 * @param quartzPriority the trigger priority of the re-fire
 */
public record RefireRequest(String jobGroup, String jobName, Map<String, String> data, int attempt,
                            int quartzPriority) {

    public RefireRequest {
        data = Map.copyOf(data);
    }
}
