package ai.ringrift.guard.config;

import ai.ringrift.scheduler.model.Priority;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code policy}: the decision table, resize fractions, fail policy and shadow mode.
 *
 * @param table         action per level and priority (default DESIGN.md section 4)
 * @param resizeLevel2  fraction of the resizable parameter granted at level 2 (default 0.5)
 * @param resizeLevel3  fraction granted at level 3 (default 0.25)
 * @param failPolicy    what a fire gets when the guard fails, per priority (default CRITICAL and HIGH allow, others defer)
 * @param shadow        decide and audit, but always let the job run (default false)
 */
public record PolicyConfig(PolicyTable table, double resizeLevel2, double resizeLevel3,
                           Map<Priority, FailAction> failPolicy, boolean shadow) {

    public PolicyConfig {
        EnumMap<Priority, FailAction> m = new EnumMap<>(Priority.class);
        m.putAll(failPolicy);
        failPolicy = Collections.unmodifiableMap(m);
    }

    public static PolicyConfig defaults() {
        return new PolicyConfig(PolicyTable.defaults(), 0.5, 0.25, defaultFailPolicy(), false);
    }

    public static Map<Priority, FailAction> defaultFailPolicy() {
        EnumMap<Priority, FailAction> m = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            m.put(p, p.atLeast(Priority.HIGH) ? FailAction.ALLOW : FailAction.DEFER);
        }
        return m;
    }

    /** The fraction granted by a RESIZE at {@code level}; 1.0 for levels without one. */
    public double resizeFraction(int level) {
        return switch (level) {
            case 2 -> resizeLevel2;
            case 3 -> resizeLevel3;
            default -> 1.0;
        };
    }

    public FailAction failAction(Priority p) {
        return failPolicy.get(p);
    }
}
