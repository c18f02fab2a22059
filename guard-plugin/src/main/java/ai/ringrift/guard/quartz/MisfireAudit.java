package ai.ringrift.guard.quartz;

import ai.ringrift.guard.pipeline.AuditRows;
import ai.ringrift.guard.pipeline.AuditTrail;
import ai.ringrift.guard.pipeline.DecisionSink;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires Quartz's misfire handler gave up on (the scheduler was not running, the database was
 * unreachable, or every worker busy, for longer than {@code misfireThreshold}): each gets a
 * {@code MISFIRED} row (reason code {@code MISFIRE}) saying which fire time was missed, how late it
 * was, how many fire times were missed up to now and what the job's misfire policy
 * ({@link ai.ringrift.scheduler.model.Misfire}) does about it, is counted in
 * {@code ringrift_guard_decisions_total{decision="MISFIRED"}} and logged. A fire the policy runs now
 * goes through the pipeline afterwards and gets its own decision row. A job with policy
 * {@code fireAll} has no misfires (Quartz fires its missed times late, each decided like any fire).
 * Never throws (it runs inside Quartz's misfire transaction).
 *
 * <p>A scheduler's first start handles the misfires of its stored triggers before it starts its
 * plugins, so before the guard runs: {@link Relay} keeps those until the guard has started.
 */
final class MisfireAudit {

    static final String DECISION = "MISFIRED";
    static final String REASON_CODE = "MISFIRE";
    /** Missed fire times counted one by one up to this many. */
    static final int MAX_COUNTED = 1000;
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

    /**
     * A misfire as Quartz reported it, read from the trigger before Quartz applied its misfire
     * instruction (the trigger changes then).
     *
     * @param reason the row's sentence
     */
    record Missed(TriggerKey trigger, JobKey job, Priority priority, Instant at, String reason) {

        static Missed of(Trigger trigger, Instant now) {
            Date due = trigger.getNextFireTime();
            Instant dueAt = due == null ? now : due.toInstant();
            String reason = "fire due at " + dueAt + " missed by " + late(dueAt, now) + ", " + missedTimes(trigger, now)
                    + " missed up to now (the scheduler could not fire in time: it was not running, the database was"
                    + " unreachable or every worker busy); " + policy(trigger, now);
            return new Missed(trigger.getKey(), trigger.getJobKey(), priorityOf(trigger.getPriority()), now, reason);
        }
    }

    /** {@code trigger} as it was before Quartz applied its misfire instruction. */
    void missed(Trigger trigger) {
        Missed m;
        try {
            m = Missed.of(trigger, clock.instant());
        } catch (RuntimeException | Error e) {
            LOG.error("guard: cannot audit the misfire of {}: {}", trigger.getKey(), e.toString());
            return;
        }
        missed(m);
    }

    /** Audits, counts and logs one misfire. */
    void missed(Missed m) {
        try {
            String priority = m.priority().name();
            trail.record(rows.lifecycle(m.job().getGroup(), m.job().getName(), 0, priority, DECISION, REASON_CODE,
                    m.reason(), level.getAsInt(), latest.get(), m.at()).fireInstanceId(cut(m.trigger().toString())).build());
            if (sink != null) {
                sink.recordDecision(DECISION, priority, REASON_CODE);
            }
            LOG.warn("guard: {} {}", m.job().getName(), m.reason());
        } catch (RuntimeException | Error e) {
            LOG.error("guard: cannot audit the misfire of {}: {}", m.trigger(), e.toString());
        }
    }

    /** How many fire times the trigger missed from its due time up to {@code now}, in words. */
    static String missedTimes(Trigger t, Instant now) {
        Date due = t.getNextFireTime();
        if (due == null) {
            return "1 fire time";
        }
        Date end = Date.from(now);
        int n = 1;
        Date next = t.getFireTimeAfter(due);
        while (next != null && !next.after(end) && n < MAX_COUNTED) {
            n++;
            next = t.getFireTimeAfter(next);
        }
        boolean more = n == MAX_COUNTED && next != null && !next.after(end);
        return (more ? "over " + MAX_COUNTED : Integer.toString(n)) + (n == 1 ? " fire time" : " fire times");
    }

    /**
     * What the trigger's misfire instruction does, in words, named by the policy's key
     * ({@link ai.ringrift.scheduler.model.Misfire}); a skip says until when.
     */
    static String policy(Trigger t, Instant now) {
        int i = t.getMisfireInstruction();
        if (i == Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY) {
            return "misfire policy fireAll: every missed fire runs now, one after another";
        }
        if (t instanceof CronTrigger) {
            return i == CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING
                    ? "misfire policy skip: skipped until the next fire time " + next(t, now) + ", on the schedule"
                    : "misfire policy fireOnce: fires once now, then keeps the schedule";
        }
        if (t instanceof SimpleTrigger s) {
            boolean next = i == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT
                    || i == SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_EXISTING_COUNT
                    || i == Trigger.MISFIRE_INSTRUCTION_SMART_POLICY && s.getRepeatCount() == SimpleTrigger.REPEAT_INDEFINITELY;
            if (s.getRepeatCount() == 0) {
                return next ? "misfire policy skip: skipped, the one-shot job does not run"
                        : "misfire policy fireOnce: fires now";
            }
            return next
                    ? "misfire policy skip: skipped until the next fire time " + next(t, now) + ", the interval keeps its rhythm"
                    : "misfire policy fireOnce: fires once now, the interval counts from then";
        }
        return "misfire instruction " + i;
    }

    private static String next(Trigger t, Instant now) {
        Date d = t.getFireTimeAfter(Date.from(now));
        return d == null ? "(none: the schedule has ended)" : d.toInstant().toString();
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

    /**
     * Where Quartz's misfire reports go: to the guard's audit once it runs; before that (a first
     * start handles stored triggers' misfires before it starts plugins) they are kept, at most
     * {@link #MAX_HELD}, and audited when the guard starts. Never throws.
     */
    static final class Relay {

        static final int MAX_HELD = 10_000;

        private final List<Missed> held = new ArrayList<>();
        private MisfireAudit audit;
        private int dropped;

        /** Quartz reported a misfire of {@code trigger} (before applying its instruction). */
        synchronized void missed(Trigger trigger) {
            if (audit != null) {
                audit.missed(trigger);
                return;
            }
            try {
                if (held.size() < MAX_HELD) {
                    held.add(Missed.of(trigger, Instant.now()));
                } else {
                    dropped++;
                }
                LOG.info("guard: not started yet; {} missed its fire due at {}: audited when the guard starts",
                        trigger.getKey(), trigger.getNextFireTime());
            } catch (RuntimeException | Error e) {
                LOG.error("guard: cannot keep the misfire of {}: {}", trigger.getKey(), e.toString());
            }
        }

        /** The guard started: audits what was kept, then everything as it comes. */
        synchronized void started(MisfireAudit a) {
            audit = a;
            if (a == null) {
                if (!held.isEmpty()) {
                    LOG.warn("guard: no audit log; {} misfire(s) before the start are only logged", held.size() + dropped);
                }
            } else {
                held.forEach(a::missed);
                if (dropped > 0) {
                    LOG.warn("guard: {} further misfire(s) before the start were not audited (at most {} are kept)",
                            dropped, MAX_HELD);
                }
            }
            held.clear();
            dropped = 0;
        }

        /** The guard stopped: nothing is audited or kept any more. */
        synchronized void stopped() {
            audit = null;
            held.clear();
            dropped = 0;
        }
    }
}
