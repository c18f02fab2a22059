package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pressure-stall information (PSI).
 *
 * <ul>
 *   <li>The reading {@link Resource#MEMORY_PRESSURE}: {@code full avg10} of memory, the share of the
 *       last 10 s in which every non-idle task was stalled on memory (what systemd-oomd watches). In a
 *       cgroup v2 container it comes from the cgroup's own {@code memory.pressure}, else from the
 *       host's {@code /proc/pressure/memory}. Detail: the file and its {@code some avg10}.</li>
 *   <li>Co-signals {@code psi.<cpu|memory|io>.<some|full>.<avg10|avg60>} (percent) from the host files.</li>
 * </ul>
 * A host without PSI (kernel without {@code CONFIG_PSI}, or booted with {@code psi=0}) has neither:
 * no reading (never 0 %), and {@link #noReadingReason} says why. A file that exists but cannot be read
 * ({@code EOPNOTSUPP} when PSI is compiled in but disabled) fails the read, so the sampler marks the
 * reading missing with that error.
 */
public final class PsiSource implements ReadingSource {

    public static final Path DEFAULT_ROOT = Path.of("/proc/pressure");
    private static final List<String> FILES = List.of("cpu", "memory", "io");

    private final Path root;
    private final Optional<Path> cgroupDir;
    private final Clock clock;
    private Map<String, Double> signals = Map.of();

    /**
     * @param root      the host's PSI directory ({@link #DEFAULT_ROOT})
     * @param cgroupDir this process's cgroup v2 directory, empty outside cgroup v2
     */
    public PsiSource(Path root, Optional<Path> cgroupDir, Clock clock) {
        this.root = root;
        this.cgroupDir = cgroupDir;
        this.clock = clock;
    }

    /** Host files only. */
    public PsiSource(Path root) {
        this(root, Optional.empty(), Clock.systemUTC());
    }

    /** The host's PSI and, in a cgroup v2 hierarchy, this process's cgroup. */
    public static PsiSource system(CgroupPaths cgroups, Clock clock) {
        return new PsiSource(DEFAULT_ROOT, cgroups.v2(), clock);
    }

    @Override
    public String name() {
        return "psi";
    }

    @Override
    public Set<Resource> covers() {
        return Set.of(Resource.MEMORY_PRESSURE);
    }

    @Override
    public List<Reading> read() throws IOException {
        Map<String, Double> sig = new LinkedHashMap<>();
        for (String f : FILES) {
            Path p = root.resolve(f);
            if (Files.isReadable(p)) {
                parse(f, Files.readAllLines(p), sig);
            }
        }
        signals = Map.copyOf(sig);
        Path file = memoryFile();
        if (file == null) {
            return List.of();
        }
        Map<String, Double> mem = new LinkedHashMap<>();
        parse("memory", Files.readAllLines(file), mem);
        Double full = mem.get("psi.memory.full.avg10");
        if (full == null) {
            return List.of();
        }
        Double some = mem.get("psi.memory.some.avg10");
        String detail = String.format(Locale.ROOT, "full avg10 of %s%s", file,
                some == null ? "" : String.format(Locale.ROOT, " (some avg10 %.2f%%)", some));
        return List.of(new Reading(Resource.MEMORY_PRESSURE, full, 0, 0, 0,
                file.startsWith(root) ? "psi" : "cgroup-psi", clock.instant(), detail));
    }

    /** The cgroup's {@code memory.pressure} when readable, else the host's file, else null. */
    Path memoryFile() {
        if (cgroupDir.isPresent()) {
            Path p = cgroupDir.get().resolve("memory.pressure");
            if (Files.isReadable(p)) {
                return p;
            }
        }
        Path host = root.resolve("memory");
        return Files.isReadable(host) ? host : null;
    }

    @Override
    public String noReadingReason(Resource resource) {
        return "no PSI on this host: " + root.resolve("memory")
                + cgroupDir.map(d -> " and " + d.resolve("memory.pressure")).orElse("")
                + " absent (kernel without CONFIG_PSI, or booted with psi=0)";
    }

    /** Parses lines like {@code some avg10=0.12 avg60=0.05 avg300=0.00 total=123} into {@code out}. */
    static void parse(String resource, List<String> lines, Map<String, Double> out) {
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2 || !(parts[0].equals("some") || parts[0].equals("full"))) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = parts[i].substring(0, eq);
                if (key.equals("avg10") || key.equals("avg60")) {
                    try {
                        out.put("psi." + resource + "." + parts[0] + "." + key,
                                Double.parseDouble(parts[i].substring(eq + 1)));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("unreadable PSI value '" + parts[i] + "' in " + resource, e);
                    }
                }
            }
        }
    }

    @Override
    public Map<String, Double> signals() {
        return signals;
    }
}
