package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pressure-stall information from {@code /proc/pressure/{cpu,memory,io}} as co-signals
 * {@code psi.<resource>.<some|full>.<avg10|avg60>} (percent of time stalled). Gives no readings;
 * absent files (kernel without PSI) mean "not available": the keys are simply absent.
 */
public final class PsiSource implements ReadingSource {

    public static final Path DEFAULT_ROOT = Path.of("/proc/pressure");
    private static final List<String> FILES = List.of("cpu", "memory", "io");

    private final Path root;
    private Map<String, Double> signals = Map.of();

    public PsiSource(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "psi";
    }

    @Override
    public Set<Resource> covers() {
        return Set.of();
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
        return List.of();
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
