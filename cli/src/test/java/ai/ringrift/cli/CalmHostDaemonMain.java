package ai.ringrift.cli;

import ai.ringrift.guard.sample.DiskSource;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code ringrift run} in a child JVM whose CPU and memory read calm (20 %, 30 %: the shared
 * test machine's own load must not set the level) while the disk is the production
 * {@link DiskSource} on the path given as the first argument. Usage:
 * {@code CalmHostDaemonMain DISK_PATH run --config FILE}.
 */
public final class CalmHostDaemonMain {

    private CalmHostDaemonMain() {
    }

    public static void main(String[] args) {
        Path disk = Path.of(args[0]);
        LocalReadings.replaceForTests(List.of(new CalmCpuAndMemory(), new DiskSource(List.of(disk), Clock.systemUTC())));
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        System.exit(Main.run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), rest));
    }

    /** CPU 20 % of 8 logical CPUs, memory 30 % of 16 GiB. */
    static final class CalmCpuAndMemory implements ReadingSource {
        @Override
        public String name() {
            return "calm";
        }

        @Override
        public Set<Resource> covers() {
            return Set.of(Resource.CPU, Resource.MEMORY);
        }

        @Override
        public List<Reading> read() {
            Instant now = Instant.now();
            long total = 16L << 30;
            return List.of(Reading.percent(Resource.CPU, 20, "host", now),
                    Reading.bytes(Resource.MEMORY, total, Math.round(total * 0.70), "host", now, "calm"));
        }

        @Override
        public java.util.Map<String, Double> signals() {
            return java.util.Map.of("cpu.logical", 8.0, "cpu.capacity.cores", 8.0, "load.1m", 1.0);
        }
    }
}
