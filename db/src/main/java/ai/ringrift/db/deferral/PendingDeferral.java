package ai.ringrift.db.deferral;

import java.time.Instant;
import java.util.UUID;

/**
 * The one pending deferral of a Quartz job.
 *
 * @param jobGroup        Quartz job group
 * @param jobName         Quartz job name
 * @param jobrunrId       id of the JobRunr scheduled job that will re-fire it
 * @param attempt         how many times this fire has been deferred (1 for the first deferral)
 * @param priority        job priority name
 * @param reason          the decision sentence, also the JobRunr scheduled-state reason
 * @param nodeId          node that deferred it
 * @param decisionSeq     audit sequence number of the DEFER decision, or null
 * @param firstDeferredAt when the original fire was first deferred (for the deferral-age metric)
 * @param deferredAt      when this deferral was made
 * @param runAt           when JobRunr will re-fire it
 */
public record PendingDeferral(String jobGroup, String jobName, UUID jobrunrId, int attempt, String priority,
                              String reason, String nodeId, Long decisionSeq, Instant firstDeferredAt,
                              Instant deferredAt, Instant runAt) {
}
