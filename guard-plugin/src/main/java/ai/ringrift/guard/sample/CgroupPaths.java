package ai.ringrift.guard.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds this process's cgroup directories. cgroup v1: one hierarchy per controller under
 * {@code ROOT/<controller>} (also {@code cpu,cpuacct}); the process's path comes from the
 * {@code N:controllers:/path} lines of {@code /proc/self/cgroup}. cgroup v2: one unified tree at
 * {@code ROOT} (it has {@code cgroup.controllers}), path from the {@code 0::/path} line. When the
 * named directory does not exist (a container with its own cgroup namespace shows {@code /}, or a
 * path from the host's view), the hierarchy root itself is used. Both roots are configurable so
 * tests can use fixture trees.
 */
public final class CgroupPaths {

    public static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");
    public static final Path DEFAULT_PROC_SELF_CGROUP = Path.of("/proc/self/cgroup");

    private final Path root;
    private final Map<String, String> v1Paths;
    private final String v2Path;

    private CgroupPaths(Path root, Map<String, String> v1Paths, String v2Path) {
        this.root = root;
        this.v1Paths = v1Paths;
        this.v2Path = v2Path;
    }

    public static CgroupPaths system() {
        return detect(DEFAULT_ROOT, DEFAULT_PROC_SELF_CGROUP);
    }

    /** Reads {@code procSelfCgroup} (absent file: no cgroup paths, root directories only). */
    public static CgroupPaths detect(Path root, Path procSelfCgroup) {
        Map<String, String> v1 = new HashMap<>();
        String v2 = null;
        List<String> lines;
        try {
            lines = Files.exists(procSelfCgroup) ? Files.readAllLines(procSelfCgroup) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + procSelfCgroup, e);
        }
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[1].isEmpty()) {
                v2 = parts[2];
            } else {
                for (String controller : parts[1].split(",")) {
                    v1.put(controller, parts[2]);
                }
            }
        }
        return new CgroupPaths(root, v1, v2);
    }

    public Path root() {
        return root;
    }

    /** True when ROOT is a unified (v2) hierarchy. */
    public boolean isV2() {
        return Files.exists(root.resolve("cgroup.controllers"));
    }

    /** The v1 directory of {@code controller} for this process, if that hierarchy is mounted. */
    public Optional<Path> v1(String controller) {
        Path hierarchy = null;
        for (String candidate : List.of(controller, "cpu,cpuacct", "cpuacct,cpu")) {
            if (!candidate.contains(controller)) {
                continue;
            }
            Path p = root.resolve(candidate);
            if (Files.isDirectory(p)) {
                hierarchy = p;
                break;
            }
        }
        if (hierarchy == null || isV2()) {
            return Optional.empty();
        }
        return Optional.of(under(hierarchy, v1Paths.get(controller)));
    }

    /** The v2 directory of this process, if ROOT is a unified hierarchy. */
    public Optional<Path> v2() {
        return isV2() ? Optional.of(under(root, v2Path)) : Optional.empty();
    }

    private static Path under(Path hierarchy, String path) {
        if (path == null || path.equals("/") || path.isEmpty()) {
            return hierarchy;
        }
        Path p = hierarchy.resolve(path.startsWith("/") ? path.substring(1) : path);
        return Files.isDirectory(p) ? p : hierarchy;
    }

    /** First line of a cgroup file, trimmed; empty when the file does not exist. */
    static Optional<String> readLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String s = Files.readString(file).trim();
        int nl = s.indexOf('\n');
        return Optional.of(nl < 0 ? s : s.substring(0, nl).trim());
    }

    /** The value of {@code key} in a {@code key value} file such as memory.stat or cpu.stat. */
    static Optional<Long> readKey(Path file, String key) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(file)) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.regionMatches(0, key, 0, sp) && sp == key.length()) {
                return Optional.of(Long.parseLong(line.substring(sp + 1).trim()));
            }
        }
        return Optional.empty();
    }
}
