package ai.ringrift.cli;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Readings that do not depend on the host, served to the CLI's local commands through
 * {@link LocalReadings#replaceForTests}: CPU 20 % of 8 logical CPUs (load 1.0), memory 70 % of
 * 96 GiB (level 2 under the default 80 % limit), disk 40 % of 100 GB, one GPU at 10 % of 24 GiB.
 * With a GPU and 96 GiB RAM the host tier is HIGH_END.
 */
final class FixedReadings implements ReadingSource {

    static final long GIB = 1L << 30;

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public Set<Resource> covers() {
        return Set.of(Resource.CPU, Resource.MEMORY, Resource.DISK, Resource.GPU);
    }

    @Override
    public List<Reading> read() {
        Instant now = Instant.now();
        return List.of(
                Reading.percent(Resource.CPU, 20, "host", now),
                Reading.bytes(Resource.MEMORY, 96 * GIB, Math.round(96 * GIB * 0.30), "host", now, "fixed"),
                Reading.bytes(Resource.DISK, 100_000_000_000L, 60_000_000_000L, "nio", now, "fixed"),
                Reading.bytes(Resource.GPU, 24 * GIB, Math.round(24 * GIB * 0.90), "nvml", now, "fixed"));
    }

    @Override
    public Map<String, Double> signals() {
        return Map.of("cpu.logical", 8.0, "cpu.capacity.cores", 8.0, "load.1m", 1.0);
    }
}
