package ai.ringrift.db.audit;

import java.time.Instant;
import java.util.Set;

/**
 * One row of {@code guard_decision}: what the guard decided for one trigger fire and the readings
 * behind it. Values are plain strings (the db module does not depend on the guard).
 *
 * <p>Callers build a row without {@code nodeId} and {@code seq} ({@link #builder()}); {@link AuditLog#record}
 * assigns both. {@code seq == 0} means "not assigned yet". Times are kept at microsecond precision
 * (what the database stores), so a row read back equals the row written.
 *
 * @param decision one of {@link #DECISIONS} ({@code HALT} and {@code RESUME} are operator rows about the
 *                 emergency halt, written by {@link OperatorRows})
 * @param priority one of {@link #PRIORITIES}
 */
public record DecisionRow(
        String nodeId,
        long seq,
        Instant decidedAt,
        String jobGroup,
        String jobName,
        String fireInstanceId,
        int attempt,
        String priority,
        String decision,
        String reasonCode,
        String reason,
        int level,
        Double cpuUsedPct,
        String cpuSource,
        Double memoryUsedPct,
        String memorySource,
        Double gpuUsedPct,
        String gpuSource,
        Double diskUsedPct,
        String diskSource,
        Long snapshotAgeMs,
        Integer requestedSize,
        Integer grantedSize,
        Instant deferUntil,
        String breakerState,
        String configHash) {

    /**
     * The decisions the audit log accepts: a fire's decision (ALLOW, RESIZE, DEFER, VETO), an
     * EVICT row about a running fire, a lifecycle row about a pending deferral (SUPERSEDED,
     * EXPIRED, DROPPED, REQUEUED), a missed fire (MISFIRED), an operator's HALT or RESUME.
     */
    public static final Set<String> DECISIONS = Set.of("ALLOW", "RESIZE", "DEFER", "VETO", "EVICT", "SUPERSEDED",
            "EXPIRED", "DROPPED", "REQUEUED", "HALT", "RESUME", "MISFIRED");
    /** The priorities the audit log accepts. */
    public static final Set<String> PRIORITIES = Set.of("BACKGROUND", "LOW", "NORMAL", "HIGH", "CRITICAL");

    static final int REASON_MAX = 1000;

    public DecisionRow {
        if (nodeId != null) {
            RowChecks.maxLength("DecisionRow.nodeId", nodeId, 128);
        }
        if (seq < 0) {
            throw new IllegalArgumentException("DecisionRow.seq must be >= 0 (0 = not assigned), was " + seq);
        }
        decidedAt = RowChecks.micros(RowChecks.required("DecisionRow.decidedAt", decidedAt));
        RowChecks.maxLength("DecisionRow.jobGroup", RowChecks.required("DecisionRow.jobGroup", jobGroup), 200);
        RowChecks.maxLength("DecisionRow.jobName", RowChecks.required("DecisionRow.jobName", jobName), 200);
        fireInstanceId = RowChecks.truncate(fireInstanceId, 200);
        priority = RowChecks.oneOf("DecisionRow.priority", priority, PRIORITIES);
        decision = RowChecks.oneOf("DecisionRow.decision", decision, DECISIONS);
        RowChecks.maxLength("DecisionRow.reasonCode", RowChecks.required("DecisionRow.reasonCode", reasonCode), 32);
        reason = RowChecks.truncate(RowChecks.required("DecisionRow.reason", reason), REASON_MAX);
        cpuSource = RowChecks.truncate(cpuSource, 16);
        memorySource = RowChecks.truncate(memorySource, 16);
        gpuSource = RowChecks.truncate(gpuSource, 16);
        diskSource = RowChecks.truncate(diskSource, 16);
        deferUntil = deferUntil == null ? null : RowChecks.micros(deferUntil);
        if (breakerState != null) {
            RowChecks.maxLength("DecisionRow.breakerState", breakerState, 16);
        }
        if (configHash != null) {
            RowChecks.maxLength("DecisionRow.configHash", configHash, 64);
        }
    }

    /** A new builder; {@code nodeId} and {@code seq} are usually left for {@link AuditLog} to fill. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this row's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This row with the given sequence number. */
    public DecisionRow withSeq(long newSeq) {
        return toBuilder().seq(newSeq).build();
    }

    /** This row with the given node and sequence number. */
    public DecisionRow withNodeAndSeq(String newNodeId, long newSeq) {
        return toBuilder().nodeId(newNodeId).seq(newSeq).build();
    }

    /** Builds a {@link DecisionRow}; every setter returns the builder. */
    public static final class Builder {
        private String nodeId;
        private long seq;
        private Instant decidedAt;
        private String jobGroup = "DEFAULT";
        private String jobName;
        private String fireInstanceId;
        private int attempt;
        private String priority;
        private String decision;
        private String reasonCode;
        private String reason;
        private int level;
        private Double cpuUsedPct;
        private String cpuSource;
        private Double memoryUsedPct;
        private String memorySource;
        private Double gpuUsedPct;
        private String gpuSource;
        private Double diskUsedPct;
        private String diskSource;
        private Long snapshotAgeMs;
        private Integer requestedSize;
        private Integer grantedSize;
        private Instant deferUntil;
        private String breakerState;
        private String configHash;

        private Builder() {
        }

        private Builder(DecisionRow r) {
            nodeId = r.nodeId; seq = r.seq; decidedAt = r.decidedAt; jobGroup = r.jobGroup; jobName = r.jobName;
            fireInstanceId = r.fireInstanceId; attempt = r.attempt; priority = r.priority; decision = r.decision;
            reasonCode = r.reasonCode; reason = r.reason; level = r.level;
            cpuUsedPct = r.cpuUsedPct; cpuSource = r.cpuSource; memoryUsedPct = r.memoryUsedPct;
            memorySource = r.memorySource; gpuUsedPct = r.gpuUsedPct; gpuSource = r.gpuSource;
            diskUsedPct = r.diskUsedPct; diskSource = r.diskSource; snapshotAgeMs = r.snapshotAgeMs;
            requestedSize = r.requestedSize; grantedSize = r.grantedSize; deferUntil = r.deferUntil;
            breakerState = r.breakerState; configHash = r.configHash;
        }

        public Builder nodeId(String v) { nodeId = v; return this; }
        public Builder seq(long v) { seq = v; return this; }
        public Builder decidedAt(Instant v) { decidedAt = v; return this; }
        public Builder jobGroup(String v) { jobGroup = v; return this; }
        public Builder jobName(String v) { jobName = v; return this; }
        public Builder fireInstanceId(String v) { fireInstanceId = v; return this; }
        public Builder attempt(int v) { attempt = v; return this; }
        public Builder priority(String v) { priority = v; return this; }
        public Builder decision(String v) { decision = v; return this; }
        public Builder reasonCode(String v) { reasonCode = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder level(int v) { level = v; return this; }
        public Builder cpu(Double usedPct, String source) { cpuUsedPct = usedPct; cpuSource = source; return this; }
        public Builder memory(Double usedPct, String source) { memoryUsedPct = usedPct; memorySource = source; return this; }
        public Builder gpu(Double usedPct, String source) { gpuUsedPct = usedPct; gpuSource = source; return this; }
        public Builder disk(Double usedPct, String source) { diskUsedPct = usedPct; diskSource = source; return this; }
        public Builder snapshotAgeMs(Long v) { snapshotAgeMs = v; return this; }
        public Builder requestedSize(Integer v) { requestedSize = v; return this; }
        public Builder grantedSize(Integer v) { grantedSize = v; return this; }
        public Builder deferUntil(Instant v) { deferUntil = v; return this; }
        public Builder breakerState(String v) { breakerState = v; return this; }
        public Builder configHash(String v) { configHash = v; return this; }

        public DecisionRow build() {
            return new DecisionRow(nodeId, seq, decidedAt, jobGroup, jobName, fireInstanceId, attempt, priority,
                    decision, reasonCode, reason, level, cpuUsedPct, cpuSource, memoryUsedPct, memorySource,
                    gpuUsedPct, gpuSource, diskUsedPct, diskSource, snapshotAgeMs, requestedSize, grantedSize,
                    deferUntil, breakerState, configHash);
        }
    }
}
