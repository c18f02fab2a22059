package ai.ringrift.db.audit;

import java.time.Instant;

/**
 * One row of {@code job_outcome}: what happened to an admitted fire, linked to its decision by
 * ({@code nodeId}, {@code decisionSeq}). {@code nodeId} may be null when handed to
 * {@link AuditLog#recordOutcome}, which fills in its own node. Long texts are cut to the column size.
 */
public record OutcomeRow(
        String nodeId,
        long decisionSeq,
        String jobGroup,
        String jobName,
        Instant startedAt,
        Instant finishedAt,
        long durationMs,
        boolean success,
        String errorClass,
        String errorMessage,
        String detail) {

    public OutcomeRow {
        if (nodeId != null) {
            RowChecks.maxLength("OutcomeRow.nodeId", nodeId, 128);
        }
        if (decisionSeq < 1) {
            throw new IllegalArgumentException("OutcomeRow.decisionSeq must be the seq returned by AuditLog.record (>= 1), was "
                    + decisionSeq);
        }
        RowChecks.maxLength("OutcomeRow.jobGroup", RowChecks.required("OutcomeRow.jobGroup", jobGroup), 200);
        RowChecks.maxLength("OutcomeRow.jobName", RowChecks.required("OutcomeRow.jobName", jobName), 200);
        startedAt = RowChecks.micros(RowChecks.required("OutcomeRow.startedAt", startedAt));
        finishedAt = RowChecks.micros(RowChecks.required("OutcomeRow.finishedAt", finishedAt));
        if (durationMs < 0) {
            throw new IllegalArgumentException("OutcomeRow.durationMs must be >= 0, was " + durationMs);
        }
        errorClass = RowChecks.truncate(errorClass, 300);
        errorMessage = RowChecks.truncate(errorMessage, 2000);
        detail = RowChecks.truncate(detail, 2000);
    }

    /** An outcome measured from start to finish; duration is derived. */
    public static OutcomeRow of(long decisionSeq, String jobGroup, String jobName, Instant startedAt, Instant finishedAt,
            boolean success, String errorClass, String errorMessage, String detail) {
        RowChecks.required("OutcomeRow.startedAt", startedAt);
        RowChecks.required("OutcomeRow.finishedAt", finishedAt);
        long ms = Math.max(0, finishedAt.toEpochMilli() - startedAt.toEpochMilli());
        return new OutcomeRow(null, decisionSeq, jobGroup, jobName, startedAt, finishedAt, ms, success, errorClass,
                errorMessage, detail);
    }

    /** How an out-of-memory outcome's {@code errorMessage} starts (the job's OutOfMemoryError, its child's exit 137). */
    public static final String OUT_OF_MEMORY = "out of memory: ";

    /** The fire died of out-of-memory (its message starts with {@link #OUT_OF_MEMORY}). */
    public boolean outOfMemory() {
        return !success && errorMessage != null && errorMessage.startsWith(OUT_OF_MEMORY);
    }

    /** {@code ok}, {@code OOM} or {@code failed: <error class>} (short, for tables). */
    public String summary() {
        if (success) {
            return "ok";
        }
        if (outOfMemory()) {
            return "OOM";
        }
        String cls = errorClass == null ? "error" : errorClass.substring(errorClass.lastIndexOf('.') + 1);
        return "failed: " + cls;
    }

    /** This outcome attributed to {@code newNodeId}. */
    public OutcomeRow withNodeId(String newNodeId) {
        return new OutcomeRow(newNodeId, decisionSeq, jobGroup, jobName, startedAt, finishedAt, durationMs, success,
                errorClass, errorMessage, detail);
    }
}
