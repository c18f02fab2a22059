package ai.ringrift.guard.policy;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.scheduler.model.Priority;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code policy.failPolicy}: what to do, per priority, when the guard cannot judge: a stale snapshot ({@code SENSOR_STALE})
 * or a failure inside the guard ({@code GUARD_ERROR}). Each priority gets ALLOW or DEFER; default
 * CRITICAL and HIGH allowed, the rest deferred, retrying after {@code deferHint} (default 30 s).
 *
 * @param byPriority ALLOW or DEFER for every priority
 * @param deferHint  how far ahead a deferral by this policy suggests firing again
 */
public record FailPolicy(Map<Priority, Action> byPriority, Duration deferHint) implements Checked {

    public static final FailPolicy DEFAULTS = new FailPolicy(Map.of(
            Priority.BACKGROUND, Action.DEFER,
            Priority.LOW, Action.DEFER,
            Priority.NORMAL, Action.DEFER,
            Priority.HIGH, Action.ALLOW,
            Priority.CRITICAL, Action.ALLOW), Duration.ofSeconds(30));

    /** Copies the map; refuses a policy that breaks {@link #check} (a missing priority, VETO, RESIZE). */
    public FailPolicy(Map<Priority, Action> byPriority, Duration deferHint) {
        EnumMap<Priority, Action> m = new EnumMap<>(Priority.class);
        m.putAll(Objects.requireNonNull(byPriority, "failPolicy"));
        this.byPriority = Collections.unmodifiableMap(m);
        this.deferHint = deferHint;
        Problems.requireValid(this, "policy.failPolicy");
    }

    @Override
    public void check(Problems p, String path) {
        for (Priority priority : Priority.values()) {
            Action a = byPriority.get(priority);
            String at = Problems.path(path, priority.name());
            if (a == null) {
                p.error(at, "is missing: use allow or defer");
            } else if (a != Action.ALLOW && a != Action.DEFER) {
                p.error(at, "must be allow or defer (was " + a.name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        Checks.positive(p, Problems.path(path, "deferHint"), deferHint);
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
