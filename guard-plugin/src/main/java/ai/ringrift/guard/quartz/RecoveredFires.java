package ai.ringrift.guard.quartz;

import ai.ringrift.db.audit.AuditQuery;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.guard.pipeline.AuditTrail;
import ai.ringrift.guard.pipeline.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires Quartz runs again because the node running them died ({@code requestsRecovery}, see
 * {@code recover:}): the restarted node, or a cluster peer, fires a recovery trigger that carries the
 * original trigger and fire time. The recovered fire goes through the pipeline like any fire and
 * gets its own decision row, whose {@code fire_instance_id} says {@code recovery-of:TRIGGER@MILLIS};
 * the dead run's admitted decision, which has no outcome, gets one from the recovering node:
 * failed, "did not finish (node died)", naming the decision that runs it again.
 */
final class RecoveredFires {

    /** Prefix of a recovered fire's {@code fire_instance_id}. */
    static final String FIRE_ID_PREFIX = "recovery-of:";
    /** {@code error_class} of the outcome closing a dead run. */
    static final String NODE_DIED = "node-died";
    private static final Logger LOG = LoggerFactory.getLogger(RecoveredFires.class);
    private static final int FIRE_ID_MAX = 200;

    private final AuditQuery query;
    private final AuditTrail trail;
    private final Clock clock;

    RecoveredFires(AuditQuery query, AuditTrail trail, Clock clock) {
        this.query = Objects.requireNonNull(query, "query");
        this.trail = Objects.requireNonNull(trail, "trail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The fire that died, as the recovery trigger tells it. */
    record Original(String trigger, Instant firedAt) {
        String fireId() {
            String id = FIRE_ID_PREFIX + trigger + "@" + firedAt.toEpochMilli();
            return id.length() <= FIRE_ID_MAX ? id : id.substring(0, FIRE_ID_MAX);
        }
    }

    /** The original fire when {@code ctx} is a recovery, else empty. */
    static Optional<Original> originalOf(JobExecutionContext ctx) {
        if (!ctx.isRecovering()) {
            return Optional.empty();
        }
        JobDataMap m = ctx.getMergedJobDataMap();
        String group = String.valueOf(m.get(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP));
        String name = String.valueOf(m.get(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME));
        Instant fired;
        try {
            fired = Instant.ofEpochMilli(Long.parseLong(
                    String.valueOf(m.get(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS))));
        } catch (NumberFormatException e) {
            fired = ctx.getScheduledFireTime() == null ? Instant.EPOCH : ctx.getScheduledFireTime().toInstant();
        }
        return Optional.of(new Original(group + "." + name, fired));
    }

    /** The fire id the pipeline records: the recovery's mark, or Quartz's fire instance id. */
    static String fireIdOf(JobExecutionContext ctx) {
        return originalOf(ctx).map(Original::fireId).orElse(ctx.getFireInstanceId());
    }

    /** The dead run's admitted decision without an outcome; looked up before the recovery's own row exists. */
    Optional<DecisionRow> deadRun(JobExecutionContext ctx, Original original) {
        try {
            // the dead node decided after Quartz fired the trigger, on the same clock that stamped the fire time
            return query.firstUnfinished(ctx.getJobDetail().getKey().getGroup(), ctx.getJobDetail().getKey().getName(),
                    original.firedAt().minusSeconds(1));
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot look up the dead run of recovered {}: {}", original.trigger(), e.toString());
            return Optional.empty();
        }
    }

    /** Writes the dead run's outcome: it did not finish, and which decision runs it again. */
    void closeDeadRun(DecisionRow dead, Original original, Verdict recovery) {
        String again = recovery.key().written()
                ? "; run again as decision " + recovery.key().node() + "/" + recovery.key().seq()
                        + " (" + recovery.decisionName() + ")"
                : "; its recovery was decided " + recovery.decisionName();
        try {
            trail.recordOutcome(OutcomeRow.of(dead.seq(), dead.jobGroup(), dead.jobName(), dead.decidedAt(),
                    clock.instant(), false, NODE_DIED, "did not finish (node died)" + again,
                    "recovered from " + original.trigger() + " fired at " + original.firedAt()).withNodeId(dead.nodeId()));
            LOG.info("guard: {} decision {}/{} did not finish (node died){}", dead.jobName(), dead.nodeId(), dead.seq(),
                    again);
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot record that {} decision {}/{} did not finish: {}", dead.jobName(), dead.nodeId(),
                    dead.seq(), e.toString());
        }
    }
}
