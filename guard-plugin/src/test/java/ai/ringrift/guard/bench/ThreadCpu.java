package ai.ringrift.guard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this process's threads (user + system, {@code /proc/self/task/N/stat}) since a
 * moment, summed by kind: Quartz's scheduler thread, its workers, the JIT compiler, the garbage
 * collector, the guard's own threads (with JobRunr's) and the rest. Threads that ended in between are
 * not counted. Empty where there is no {@code /proc} (not Linux).
 */
final class ThreadCpu {

    /** Clock ticks per second of {@code /proc} times (USER_HZ, 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    private final Map<String, Long> ticksByThread;
    private final Map<String, String> names;

    private ThreadCpu(Map<String, Long> ticksByThread, Map<String, String> names) {
        this.ticksByThread = ticksByThread;
        this.names = names;
    }

    static ThreadCpu now() {
        Map<String, Long> ticks = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String id = t.getFileName().toString();
                    ticks.put(id, Long.parseLong(f[11]) + Long.parseLong(f[12])); // utime + stime
                    names.put(id, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            });
        } catch (IOException e) {
            // no /proc
        }
        return new ThreadCpu(ticks, names);
    }

    /** Milliseconds of CPU by kind of thread between this moment and now. */
    Map<String, Long> since() {
        ThreadCpu later = now();
        Map<String, Long> ms = new TreeMap<>();
        later.ticksByThread.forEach((id, ticks) -> {
            long used = ticks - ticksByThread.getOrDefault(id, 0L);
            if (used > 0) {
                ms.merge(kind(later.names.get(id)), used * 1000 / TICKS_PER_SECOND, Long::sum);
            }
        });
        return ms;
    }

    /** Linux keeps the first 15 characters of a thread's name. */
    static String kind(String name) {
        if (name == null) {
            return "other";
        }
        if (name.contains("_Quartz")) {
            return "quartz-scheduler";
        }
        if (name.contains("-worker") && !name.contains("jmh")) {
            return "quartz-workers";
        }
        if (name.contains("CompilerThre")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "gc";
        }
        if (name.startsWith("ringrift-") || name.startsWith("jobrunr") || name.startsWith("backgroundjob")) {
            return "guard";
        }
        return "other";
    }
}
