package ai.ringrift.guard.api;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.SnapshotProvider;
import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds snapshots with known readings: every resource 100 GB total, "used %" used. */
final class Snapshots implements SnapshotProvider {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Map<Resource, Reading> readings = new EnumMap<>(Resource.class);
    private final Map<Resource, String> missing = new EnumMap<>(Resource.class);
    private final Map<String, Double> signals = new LinkedHashMap<>();
    private long sequence = 1;
    private volatile Snapshot current;

    Snapshots used(Resource r, double percent) {
        long total = 100_000_000_000L;
        long available = Math.round(total * (100 - percent) / 100);
        readings.put(r, r == Resource.MEMORY_PRESSURE ? Reading.percent(r, percent, "psi", T0)
                : r == Resource.CPU ? new Reading(r, percent, 0, 0, 0, "host", T0, "4 logical CPUs")
                : Reading.bytes(r, total, available, r == Resource.DISK ? "nio" : "host", T0, "/data on /dev/sda1"));
        missing.remove(r);
        return publish();
    }

    Snapshots missing(Resource r, String reason) {
        readings.remove(r);
        missing.put(r, reason);
        return publish();
    }

    Snapshots signal(String key, double v) {
        signals.put(key, v);
        return publish();
    }

    Snapshots publish() {
        current = new Snapshot(sequence++, T0, Duration.ofSeconds(3), readings, missing, signals);
        return this;
    }

    static Snapshots healthy() {
        return new Snapshots().used(Resource.CPU, 20).used(Resource.MEMORY, 50).used(Resource.DISK, 40)
                .used(Resource.GPU, 10).signal("cpu.logical", 4).signal("load.1m", 1.0);
    }

    @Override
    public Snapshot latest() {
        return current;
    }
}
