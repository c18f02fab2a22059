package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;

/** Builds audit rows from a decision and the readings that caused it. */
public final class AuditRows {

    private final String configHash;

    public AuditRows(String configHash) {
        this.configHash = configHash;
    }

    /**
     * The row of one decision.
     *
     * @param decisionName ALLOW, RESIZE, DEFER, VETO (or SUPERSEDED, EXPIRED)
     * @param deferUntil   when a deferral re-fires, or null
     */
    public DecisionRow.Builder row(String jobGroup, String jobName, String fireInstanceId, int attempt,
                                   Priority priority, String decisionName, Decision d, Snapshot snapshot,
                                   Instant now, Instant deferUntil) {
        return lifecycle(jobGroup, jobName, attempt, priority.name(), decisionName, d.reasonCode().name(),
                d.sentence(), d.level(), snapshot, now)
                .fireInstanceId(fireInstanceId)
                .requestedSize(d.requestedSize())
                .grantedSize(d.grantedSize())
                .deferUntil(deferUntil)
                .breakerState(d.breakerState());
    }

    /**
     * A row with the readings of {@code snapshot} but no engine decision behind it: the base of
     * {@link #row}, and on its own a lifecycle row (SUPERSEDED, EXPIRED) about an earlier deferral.
     */
    public DecisionRow.Builder lifecycle(String jobGroup, String jobName, int attempt, String priority,
                                         String decisionName, String reasonCode, String reason, int level,
                                         Snapshot snapshot, Instant now) {
        DecisionRow.Builder b = DecisionRow.builder()
                .decidedAt(now)
                .jobGroup(jobGroup)
                .jobName(jobName)
                .attempt(attempt)
                .priority(priority)
                .decision(decisionName)
                .reasonCode(reasonCode)
                .reason(reason)
                .level(level)
                .configHash(configHash);
        readings(b, snapshot, now);
        return b;
    }

    private static void readings(DecisionRow.Builder b, Snapshot s, Instant now) {
        if (s == null) {
            return;
        }
        b.snapshotAgeMs(Math.max(0, s.age(now).toMillis()));
        Reading r;
        if ((r = s.reading(Resource.CPU)) != null) {
            b.cpu(round(r.usedPercent()), r.source());
        }
        if ((r = s.reading(Resource.MEMORY)) != null) {
            b.memory(round(r.usedPercent()), r.source());
        }
        if ((r = s.reading(Resource.GPU)) != null) {
            b.gpu(round(r.usedPercent()), r.source());
        }
        if ((r = s.reading(Resource.DISK)) != null) {
            b.disk(round(r.usedPercent()), r.source());
        }
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
