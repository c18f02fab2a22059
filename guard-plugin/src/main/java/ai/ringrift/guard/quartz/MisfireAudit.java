package ai.ringrift.guard.quartz;

import ai.ringrift.guard.pipeline.AuditRows;
import ai.ringrift.guard.pipeline.AuditTrail;
import ai.ringrift.guard.pipeline.DecisionSink;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.quartz.CronTrigger;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires Quartz's misfire handler gave up on (the database was unreachable, or every worker busy,
 * for longer than {@code misfireThreshold}): each gets a {@code MISFIRED} row (reason code
 * {@code MISFIRE}) saying which fire time was missed, how late it was and what the trigger's misfire
 * policy does about it, is counted in {@code ringrift_guard_decisions_total{decision="MISFIRED"}}
 * and logged. A fire the policy runs now goes through the pipeline afterwards and gets its own
 * decision row. Never throws (it runs inside Quartz's misfire transaction).
 */
final class MisfireAudit {

    static final String DECISION = "MISFIRED";
    static final String REASON_CODE = "MISFIRE";
    private static final Logger LOG = LoggerFactory.getLogger(MisfireAudit.class);

    private final AuditTrail trail;
    private final AuditRows rows;
    private final DecisionSink sink;
    private final Supplier<Snapshot> latest;
    private final IntSupplier level;
    private final Clock clock;

    MisfireAudit(AuditTrail trail, AuditRows rows, DecisionSink sink, Supplier<Snapshot> latest, IntSupplier level,
                 Clock clock) {
        this.trail = Objects.requireNonNull(trail, "trail");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.sink = sink;
        this.latest = Objects.requireNonNull(latest, "latest");
        this.level = Objects.requireNonNull(level, "level");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code trigger} as it was before Quartz applied its misfire instruction. */
    void missed(Trigger trigger) {
        try {
            Instant now = clock.instant();
            Date due = trigger.getNextFireTime();
            Instant dueAt = due == null ? now : due.toInstant();
            String priority = priorityOf(trigger.getPriority()).name();
            String reason = "fire due at " + dueAt + " missed by " + late(dueAt, now)
                    + " (the scheduler could not fire it in time: database unreachable or workers busy); "
                    + policy(trigger);
            String job = trigger.getJobKey().getName();
            trail.record(rows.lifecycle(trigger.getJobKey().getGroup(), job, 0, priority, DECISION, REASON_CODE,
                    reason, level.getAsInt(), latest.get(), now).fireInstanceId(cut(trigger.getKey().toString())).build());
            if (sink != null) {
                sink.recordDecision(DECISION, priority, REASON_CODE);
            }
            LOG.warn("guard: {} {}", job, reason);
        } catch (RuntimeException | Error e) {
            LOG.error("guard: cannot audit the misfire of {}: {}", trigger.getKey(), e.toString());
        }
    }

    /** What the trigger's misfire instruction does, in words. */
    static String policy(Trigger t) {
        int i = t.getMisfireInstruction();
        if (t instanceof CronTrigger) {
            return switch (i) {
                case CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING -> "misfire policy: skipped, the next fire keeps the schedule";
                case Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY -> "misfire policy: every missed fire runs now";
                default -> "misfire policy: fires once now, then keeps the schedule";
            };
        }
        if (t instanceof SimpleTrigger s) {
            if (s.getRepeatCount() == 0) {
                return "misfire policy: fires now";
            }
            return switch (i) {
                case SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT,
                     SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_EXISTING_COUNT ->
                        "misfire policy: skipped, the next fire is the next interval";
                case Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY -> "misfire policy: every missed fire runs now";
                default -> "misfire policy: fires now, the interval counts from then";
            };
        }
        return "misfire instruction " + i;
    }

    private static String late(Instant due, Instant now) {
        Duration d = Duration.between(due, now);
        return d.isNegative() ? "0 s" : d.toSeconds() + " s";
    }

    static Priority priorityOf(int quartzPriority) {
        for (Priority p : Priority.values()) {
            if (p.quartzPriority() == quartzPriority) {
                return p;
            }
        }
        return Priority.NORMAL;
    }

    private static String cut(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }
}
