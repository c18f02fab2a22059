package ai.ringrift.cli;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code ringrift ...} in a process whose readings come from a properties file
 * ({@code cpu=20}, {@code memory=30}, {@code disk=40}, {@code gpu=50}: used %; 64 GiB RAM, 24 GiB GPU)
 * read at every sample, named by the system property {@code ringrift.test.readings}: a fleet test
 * moves a node's utilisation by rewriting the file. Through {@link LocalReadings#replaceForTests}.
 */
public final class FileReadingsDaemon {

    static final long GIB = 1L << 30;

    private FileReadingsDaemon() {
    }

    public static void main(String[] args) {
        Path file = Path.of(System.getProperty("ringrift.test.readings"));
        LocalReadings.replaceForTests(List.of(new FileSource(file)));
        Main.main(args);
    }

    /** The source reading the file. */
    static final class FileSource implements ReadingSource {
        private final Path file;

        FileSource(Path file) {
            this.file = file;
        }

        @Override
        public String name() {
            return "file";
        }

        @Override
        public Set<Resource> covers() {
            return Set.of(Resource.CPU, Resource.MEMORY, Resource.DISK, Resource.GPU);
        }

        @Override
        public List<Reading> read() {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e, e);
            }
            Instant now = Instant.now();
            List<Reading> out = new ArrayList<>();
            out.add(Reading.percent(Resource.CPU, Double.parseDouble(p.getProperty("cpu", "20")), "file", now));
            out.add(bytes(Resource.MEMORY, 64 * GIB, Double.parseDouble(p.getProperty("memory", "30")), now));
            out.add(bytes(Resource.DISK, 500 * GIB, Double.parseDouble(p.getProperty("disk", "40")), now));
            if (p.containsKey("gpu")) {
                out.add(bytes(Resource.GPU, 24 * GIB, Double.parseDouble(p.getProperty("gpu")), now));
            }
            return out;
        }

        private static Reading bytes(Resource r, long total, double usedPercent, Instant now) {
            return Reading.bytes(r, total, Math.round(total * (1 - usedPercent / 100)), "file", now, "file");
        }

        @Override
        public Map<String, Double> signals() {
            return Map.of("cpu.logical", 8.0, "cpu.capacity.cores", 8.0);
        }
    }
}
