package ai.ringrift.guard.quartz;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.guard.jobrunr.DeferralOutcome;
import ai.ringrift.guard.jobrunr.DeferralRequest;
import ai.ringrift.guard.policy.Action;
import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.GuardRequest;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's decision on one Quartz fire, taken on the Quartz worker thread (DESIGN.md section 3):
 * cached snapshot, declaration, engine decision, audit row committed <em>before</em> acting, then
 * ALLOW, RESIZE (granted size written into the merged JobDataMap), DEFER (durable deferral through
 * JobRunr) or VETO.
 *
 * <p>Every fire gets exactly one ALLOW, RESIZE, DEFER or VETO row. SUPERSEDED and EXPIRED rows are
 * additional lifecycle rows about deferrals. Nothing escapes {@link #vetoes}: a thrown trigger
 * listener would leave the fired trigger stuck in the job store (quartz#918), so any internal
 * failure becomes a GUARD_ERROR decision under the fail policy.
 */
public final class FireGate {

    private static final Logger LOG = LoggerFactory.getLogger(FireGate.class);

    private final Guard guard;

    public FireGate(Guard guard) {
        this.guard = guard;
    }

    /** Decides on the fire and acts; returns true when Quartz must not run the job now. */
    public boolean vetoes(JobExecutionContext ctx) {
        Fire fire = null;
        Snapshot snapshot = null;
        Decision decision;
        Instant now = guard.clock().instant();
        try {
            fire = Fire.of(ctx);
            snapshot = guard.snapshots().latest();
            decision = decide(fire, snapshot, now);
        } catch (RuntimeException | Error e) {
            LOG.warn("guard: cannot decide on {}: {}", ctx.getJobDetail().getKey(), e.toString());
            decision = Decision.guardError(guard.failPolicy(), fire == null ? Priority.NORMAL : fire.priority(), e, now);
        }
        try {
            if (fire == null) {
                fire = new Fire(ctx.getJobDetail().getKey(), ai.ringrift.scheduler.model.JobDeclaration.DEFAULT, null, 0,
                        null, ctx.getFireInstanceId(), ctx.getTrigger().getPriority(), Map.of());
            }
            return act(ctx, fire, snapshot, decision, now);
        } catch (RuntimeException | Error e) {
            boolean allow = guard.failPolicy().actionFor(fire.priority()) == Action.ALLOW;
            LOG.error("guard: failed to act on the decision for {} ({}); fail policy: {}", fire.key(), e.toString(),
                    allow ? "run" : "skip this fire");
            return !allow;
        }
    }

    private Decision decide(Fire fire, Snapshot snapshot, Instant now) {
        if (!snapshot.isStale(now)) {
            String unavailable = unavailable(snapshot);
            if (unavailable != null) {
                return Decision.guardError(guard.failPolicy(), fire.priority(), "readings unavailable: " + unavailable,
                        now);
            }
        }
        return guard.engine().decide(new GuardRequest(fire.key().getName(), fire.declaration(), fire.requestedSize(),
                fire.attempt() + 1), snapshot);
    }

    /** CPU, memory and disk always count: a fresh snapshot without one of them means a broken source. */
    private static String unavailable(Snapshot s) {
        StringJoiner missing = null;
        for (Resource r : new Resource[] {Resource.CPU, Resource.MEMORY, Resource.DISK}) {
            if (s.reading(r) == null) {
                if (missing == null) {
                    missing = new StringJoiner("; ");
                }
                missing.add(r.key() + " (" + s.missingReason(r).orElse("no reading") + ")");
            }
        }
        return missing == null ? null : missing.toString();
    }

    private boolean act(JobExecutionContext ctx, Fire fire, Snapshot snapshot, Decision d, Instant now) {
        String group = fire.key().getGroup();
        String name = fire.key().getName();
        if (d.action() == Action.ALLOW || d.action() == Action.RESIZE) {
            long seq = record(fire, d.action().name(), d, snapshot, now, null);
            if (fire.attempt() == 0 && guard.deferrals().mayHavePending(group, name)) {
                guard.deferrals().supersede(group, name, "a newer fire of the job was admitted");
            }
            JobDataMap merged = ctx.getMergedJobDataMap();
            if (d.grantedSize() != null && fire.declaration().resizableParam() != null) {
                merged.put(fire.declaration().resizableParam(), Integer.toString(d.grantedSize()));
            }
            merged.put(FireKeys.LEVEL, Integer.toString(Math.max(0, d.level())));
            merged.put(FireKeys.DISK_LEVEL, Integer.toString(diskLevel(snapshot)));
            merged.put(FireKeys.DECISION_SEQ, Long.toString(seq));
            merged.put(FireKeys.DECISION, d.action().name());
            ctx.put(FireKeys.CTX_SEQ, seq);
            ctx.put(FireKeys.CTX_RESERVATION, d.reservationId());
            if (fire.firstDeferredAt() != null) {
                guard.metrics().recordDeferralAge(guard.deferrals().age(fire.firstDeferredAt()));
            }
            return false;
        }
        if (d.action() == Action.VETO) {
            record(fire, "VETO", d, snapshot, now, null);
            return true;
        }
        return defer(fire, snapshot, d, now);
    }

    private boolean defer(Fire fire, Snapshot snapshot, Decision d, Instant now) {
        var deferrals = guard.deferrals();
        int attempt = fire.attempt() + 1;
        if (deferrals.exceedsLimit(attempt)) {
            Decision dropped = new Decision(Action.VETO, d.reasonCode(), d.level(), d.ratios(), d.worstResource(),
                    d.worstRatio(), d.requestedSize(), d.grantedSize(), null,
                    d.sentence() + "; dropped after " + fire.attempt() + " deferrals (deferral.maxDeferrals="
                            + deferrals.maxDeferrals() + ")", d.shadow(), d.wouldBe(), d.wouldBeReason(),
                    d.reservationId(), d.breakerState());
            record(fire, "VETO", dropped, snapshot, now, null);
            guard.audit().record(guard.rows().lifecycle(fire.key().getGroup(), fire.key().getName(), fire.attempt(),
                    fire.priority().name(), "EXPIRED", d.reasonCode().name(), dropped.sentence(), d.level(), snapshot,
                    now).build());
            guard.metrics().recordDeferralExpired();
            return true;
        }
        Instant runAt = deferrals.runAt(attempt, d.deferUntil());
        long seq = record(fire, "DEFER", d, snapshot, now, runAt);
        Instant first = fire.firstDeferredAt() == null ? now : fire.firstDeferredAt();
        DeferralOutcome outcome = deferrals.defer(new DeferralRequest(fire.key().getGroup(), fire.key().getName(),
                fire.priority().name(), fire.quartzPriority(), fire.carried(), attempt, d.sentence(), d.deferUntil(),
                seq, first), runAt);
        if (outcome.kind() == DeferralOutcome.Kind.FAILED) {
            boolean allow = guard.failPolicy().actionFor(fire.priority()) == Action.ALLOW;
            LOG.error("guard: deferral of {} could not be stored ({}); the audit row (seq {}) records it; fail policy: {}",
                    fire.key(), outcome.error(), seq, allow ? "run now" : "skip this fire");
            return !allow;
        }
        return true;
    }

    private long record(Fire fire, String decisionName, Decision d, Snapshot snapshot, Instant now, Instant deferUntil) {
        DecisionRow row = guard.rows().row(fire.key().getGroup(), fire.key().getName(), fire.fireInstanceId(),
                fire.attempt(), fire.priority(), decisionName, d, snapshot, now, deferUntil).build();
        long seq = guard.audit().record(row);
        guard.metrics().recordDecision(decisionName, fire.priority().name(), d.reasonCode().name());
        return seq;
    }

    private int diskLevel(Snapshot s) {
        Reading disk = s == null ? null : s.reading(Resource.DISK);
        if (disk == null) {
            return 0;
        }
        return guard.policy().levelOf(disk.usedPercent() / guard.policy().limits().max(Resource.DISK));
    }
}
