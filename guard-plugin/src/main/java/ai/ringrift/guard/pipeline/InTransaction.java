package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.DecisionRow;

/**
 * Where {@link GuardPipeline#admitWithin} writes a decision row: inside a transaction someone
 * else commits (Quartz's "trigger fired", through the audit log's {@code recordWithin}). The row
 * is durable when, and only when, that transaction commits.
 */
@FunctionalInterface
public interface InTransaction {

    /** Writes the row and returns its sequence, or 0 when it cannot be written there (nothing was written). */
    long record(DecisionRow row);
}
