package ai.ringrift.guard.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The 1-based line of every path seen in the file ({@code limits.disk.max}, {@code jobs[1].cron}).
 * A path that is not in the file (a default) answers the line of its nearest written ancestor, or 0.
 */
public final class SourceLines {

    private final Map<String, Integer> lines = new HashMap<>();

    void put(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    public boolean contains(String path) {
        return lines.containsKey(path);
    }

    public int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            int dot = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = dot < 0 ? "" : p.substring(0, dot);
        }
        return 0;
    }

    /** No lines: for validating a configuration built in code. */
    public static SourceLines none() {
        return new SourceLines();
    }
}
