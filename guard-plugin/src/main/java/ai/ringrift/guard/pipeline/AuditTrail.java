package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.AuditLog;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import java.util.Objects;

/**
 * Where the pipeline commits its rows ({@link AuditLog} in production). {@link #record} returns
 * only once the row is durable (database or spool); a throw means it is not, and the pipeline does
 * not act on that decision.
 */
public interface AuditTrail {

    /** Commits a decision row; returns its per-node sequence. */
    long record(DecisionRow row);

    /** Writes an outcome row (batched). */
    void recordOutcome(OutcomeRow row);

    static AuditTrail of(AuditLog log) {
        Objects.requireNonNull(log, "log");
        return new AuditTrail() {
            @Override
            public long record(DecisionRow row) {
                return log.record(row);
            }

            @Override
            public void recordOutcome(OutcomeRow row) {
                log.recordOutcome(row);
            }
        };
    }
}
