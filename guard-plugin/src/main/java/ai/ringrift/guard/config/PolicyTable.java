package ai.ringrift.guard.config;

import ai.ringrift.scheduler.model.Priority;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code policy.table}: the action per degradation level (0..4) and priority. The default is
 * DESIGN.md section 4: a job proceeds when its priority is at least the level, softened by
 * resizing NORMAL work at levels 2 and 3.
 *
 * @param rows five rows, index = level, each with an action for every priority
 */
public record PolicyTable(List<Map<Priority, PolicyAction>> rows) {

    public static final int LEVELS = 5;

    public PolicyTable {
        if (rows.size() != LEVELS) {
            throw new IllegalArgumentException("policy.table needs " + LEVELS + " rows (levels 0..4), was " + rows.size());
        }
        List<Map<Priority, PolicyAction>> copy = new ArrayList<>();
        for (Map<Priority, PolicyAction> row : rows) {
            EnumMap<Priority, PolicyAction> m = new EnumMap<>(Priority.class);
            m.putAll(row);
            if (m.size() != Priority.values().length) {
                throw new IllegalArgumentException("policy.table row needs an action for every priority, was " + m);
            }
            copy.add(Collections.unmodifiableMap(m));
        }
        rows = List.copyOf(copy);
    }

    public static PolicyTable defaults() {
        return new PolicyTable(List.of(
                row("allow", "allow", "allow", "allow", "allow"),
                row("defer", "allow", "allow", "allow", "allow"),
                row("defer", "defer", "resize", "allow", "allow"),
                row("defer", "defer", "resize", "allow", "allow"),
                row("veto", "defer", "defer", "defer", "allow")));
    }

    private static Map<Priority, PolicyAction> row(String... actions) {
        EnumMap<Priority, PolicyAction> m = new EnumMap<>(Priority.class);
        Priority[] ps = Priority.values();
        for (int i = 0; i < ps.length; i++) {
            m.put(ps[i], PolicyAction.valueOf(actions[i].toUpperCase(java.util.Locale.ROOT)));
        }
        return m;
    }

    public PolicyAction action(int level, Priority priority) {
        return rows.get(level).get(priority);
    }

    /** A copy with one cell changed. */
    public PolicyTable with(int level, Priority priority, PolicyAction action) {
        List<Map<Priority, PolicyAction>> copy = new ArrayList<>(rows);
        EnumMap<Priority, PolicyAction> row = new EnumMap<>(rows.get(level));
        row.put(priority, action);
        copy.set(level, row);
        return new PolicyTable(copy);
    }
}
