package ai.ringrift.guard.pipeline;

import java.util.Objects;

/**
 * The key of a decision row, which the fire's outcome row refers to: the node that decided and its
 * per-node audit sequence.
 */
public record DecisionKey(String node, long seq) {

    public DecisionKey {
        Objects.requireNonNull(node, "node");
    }

    /** Whether the key names a written row (seq >= 1). */
    public boolean written() {
        return seq >= 1;
    }
}
