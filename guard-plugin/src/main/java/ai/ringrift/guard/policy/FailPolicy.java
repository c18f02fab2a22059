package ai.ringrift.guard.policy;

import ai.ringrift.scheduler.model.Priority;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to do, per priority, when the guard cannot judge: a stale snapshot ({@code SENSOR_STALE})
 * or a failure inside the guard ({@code GUARD_ERROR}). Each priority gets ALLOW or DEFER; default
 * CRITICAL and HIGH allowed, the rest deferred, retrying after {@code deferHint} (default 30 s).
 *
 * @param byPriority ALLOW or DEFER for every priority
 * @param deferHint  how far ahead a deferral by this policy suggests firing again
 */
public record FailPolicy(Map<Priority, Action> byPriority, Duration deferHint) {

    public static final FailPolicy DEFAULTS = new FailPolicy(Map.of(
            Priority.BACKGROUND, Action.DEFER,
            Priority.LOW, Action.DEFER,
            Priority.NORMAL, Action.DEFER,
            Priority.HIGH, Action.ALLOW,
            Priority.CRITICAL, Action.ALLOW), Duration.ofSeconds(30));

    public FailPolicy {
        Objects.requireNonNull(byPriority, "failPolicy");
        EnumMap<Priority, Action> m = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            Action a = byPriority.get(p);
            if (a == null) {
                throw new IllegalArgumentException("failPolicy." + p + " is missing: use allow or defer");
            }
            if (a != Action.ALLOW && a != Action.DEFER) {
                throw new IllegalArgumentException("failPolicy." + p + " must be allow or defer, was " + a);
            }
            m.put(p, a);
        }
        byPriority = Collections.unmodifiableMap(m);
        Objects.requireNonNull(deferHint, "failPolicy.deferHint");
        if (deferHint.isNegative() || deferHint.isZero()) {
            throw new IllegalArgumentException("failPolicy.deferHint must be > 0, was " + deferHint);
        }
    }

    /** ALLOW or DEFER. */
    public Action actionFor(Priority priority) {
        return byPriority.get(priority);
    }

    /** This policy with one priority changed. */
    public FailPolicy with(Priority priority, Action action) {
        EnumMap<Priority, Action> m = new EnumMap<>(byPriority);
        m.put(priority, action);
        return new FailPolicy(m, deferHint);
    }
}
