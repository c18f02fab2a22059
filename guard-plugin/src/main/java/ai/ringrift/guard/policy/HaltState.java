package ai.ringrift.guard.policy;

import ai.ringrift.scheduler.model.Priority;
import java.util.Objects;

/**
 * Whether the node is under an emergency halt (issue 14 item 4): while {@code halted}, every fire
 * whose priority is below {@code runsFrom} (default CRITICAL) is deferred with reason
 * {@link ReasonCode#HALT}; fires at {@code runsFrom} or above run. The engine holds the current state;
 * the fleet heartbeat swaps it in from the halt table and the halt file.
 *
 * @param halted   whether a halt holds this node
 * @param sentence who halted it, since when and why (null when not halted)
 * @param runsFrom the lowest priority that still runs while halted
 */
public record HaltState(boolean halted, String sentence, Priority runsFrom) {

    /** Not halted. */
    public static final HaltState NONE = new HaltState(false, null, Priority.CRITICAL);

    public HaltState {
        Objects.requireNonNull(runsFrom, "runsFrom");
        if (halted) {
            Objects.requireNonNull(sentence, "sentence");
        }
    }

    /** Whether a fire of {@code priority} is held by this halt. */
    public boolean holds(Priority priority) {
        return halted && !priority.atLeast(runsFrom);
    }
}
