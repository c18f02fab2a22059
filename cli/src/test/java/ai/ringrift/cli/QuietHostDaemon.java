package ai.ringrift.cli;

import ai.ringrift.guard.sample.DiskSource;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ringrift run} as a separate process (main class for fleet tests) whose disk readings are
 * real ({@link DiskSource}, the product's, over the path in {@code -Dringrift.test.disk}) while CPU
 * and memory read a quiet host (10 % of 8 CPUs, 30 % of 64 GiB): the shared test machine's load
 * must not move its nodes' levels, only the disk the test fills.
 */
public final class QuietHostDaemon {

    private QuietHostDaemon() {
    }

    public static void main(String[] args) {
        Path disk = Path.of(System.getProperty("ringrift.test.disk"));
        LocalReadings.replaceForTests(List.of(new QuietCpuAndMemory(), new DiskSource(List.of(disk),
                Clock.systemUTC())));
        System.exit(Main.run(args));
    }

    /** CPU 10 %, memory 30 %, fresh at every read. */
    static final class QuietCpuAndMemory implements ReadingSource {
        static final long GIB = 1L << 30;

        @Override
        public String name() {
            return "quiet";
        }

        @Override
        public Set<Resource> covers() {
            return Set.of(Resource.CPU, Resource.MEMORY);
        }

        @Override
        public List<Reading> read() {
            Instant now = Instant.now();
            return List.of(Reading.percent(Resource.CPU, 10, "host", now),
                    Reading.bytes(Resource.MEMORY, 64 * GIB, Math.round(64 * GIB * 0.70), "host", now, "quiet"));
        }

        @Override
        public Map<String, Double> signals() {
            return Map.of("cpu.logical", 8.0, "cpu.capacity.cores", 8.0, "load.1m", 0.8);
        }
    }
}
