package ai.ringrift.guard.pipeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fire the guard decided to defer.
 *
 * @param jobGroup        job group (Quartz), or {@code jobrunr}
 * @param jobName         job name
 * @param priority        priority name (label in the dashboard)
 * @param quartzPriority  trigger priority for the re-fire
 * @param data            the fire's data map (strings), carried to the re-fire
 * @param attempt         the number of this deferral (1 = the first deferral of this fire)
 * @param reason          the decision sentence, shown as the scheduled-state reason
 * @param notBefore       earliest useful re-fire time from the decision, or null
 * @param decisionSeq     audit sequence number of the DEFER decision
 * @param firstDeferredAt when this fire was first deferred
 * @param title           the short name lists show ({@link DeferralTitle}), e.g.
 *                        {@code selfplay deferred: disk 72% > 70% (attempt 2)}
 * @param refireId        the in-flight re-fire whose decision this deferral is (settled together with
 *                        storing it), or null for a fresh fire
 */
public record DeferralRequest(String jobGroup, String jobName, String priority, int quartzPriority,
                              Map<String, String> data, int attempt, String reason, Instant notBefore,
                              long decisionSeq, Instant firstDeferredAt, String title, String refireId) {

    /** A deferral of a fire that is not an in-flight re-fire. */
    public DeferralRequest(String jobGroup, String jobName, String priority, int quartzPriority,
                           Map<String, String> data, int attempt, String reason, Instant notBefore,
                           long decisionSeq, Instant firstDeferredAt, String title) {
        this(jobGroup, jobName, priority, quartzPriority, data, attempt, reason, notBefore, decisionSeq, firstDeferredAt,
                title, null);
    }

    /** A request titled plainly {@code JOB deferred (attempt N)} (the pipeline names the cause: {@code DeferralTitle}). */
    public DeferralRequest(String jobGroup, String jobName, String priority, int quartzPriority,
                           Map<String, String> data, int attempt, String reason, Instant notBefore,
                           long decisionSeq, Instant firstDeferredAt) {
        this(jobGroup, jobName, priority, quartzPriority, data, attempt, reason, notBefore, decisionSeq, firstDeferredAt,
                jobName + " deferred (attempt " + attempt + ")");
    }

    /** The re-fire this deferral becomes when due: the data plus the first-deferral time. */
    public RefireRequest refire() {
        Map<String, String> m = new LinkedHashMap<>(data);
        m.put(RefireKeys.FIRST_DEFERRED_AT, Long.toString(firstDeferredAt.toEpochMilli()));
        return new RefireRequest(jobGroup, jobName, m, attempt, quartzPriority);
    }
}
