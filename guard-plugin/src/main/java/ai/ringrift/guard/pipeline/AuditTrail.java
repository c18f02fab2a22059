package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.AuditLog;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the pipeline commits its rows ({@link AuditLog} in production). {@link #record} returns
 * only once the row is durable (database or spool); a throw means it is not, and the pipeline does
 * not act on that decision.
 */
public interface AuditTrail {

    /** Logger of the production trail. */
    Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    /** Commits a decision row; returns its per-node sequence. */
    long record(DecisionRow row);

    /**
     * Hands an outcome row to the writer without waiting for its commit (it joins the decisions'
     * batches, spooled like them during an outage). Nothing acts on an outcome, so the job's
     * thread need not wait; a row that cannot be stored is logged by the writer.
     */
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
                log.submitOutcome(row).whenComplete((seq, error) -> {
                    if (error != null) {
                        LOG.warn("guard: outcome of {}.{} (decision {}) not stored: {}", row.jobGroup(), row.jobName(),
                                row.decisionSeq(), error.toString());
                    }
                });
            }
        };
    }
}
