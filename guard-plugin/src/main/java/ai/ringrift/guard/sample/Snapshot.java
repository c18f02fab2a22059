package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest readings of all resources, immutable, published by the one sampler thread. Consumers
 * read it and never sample. A resource may be missing (no GPU, a failing source); then
 * {@link #missingReason(Resource)} says why.
 *
 * <p>{@code signals} holds co-signals that are not utilisations: load averages
 * ({@code load.1m}, {@code load.5m}, {@code load.15m}, {@code cpu.logical}) and pressure-stall
 * information ({@code psi.memory.some.avg10}, ...). Absent keys mean "not available".
 */
public final class Snapshot {

    private final Instant takenAt;
    private final Duration staleAfter;
    private final Map<Resource, Reading> readings;
    private final Map<Resource, String> missing;
    private final Map<String, Double> signals;
    private final long sequence;
    private final boolean startup;

    public Snapshot(long sequence, Instant takenAt, Duration staleAfter, Map<Resource, Reading> readings,
                    Map<Resource, String> missing, Map<String, Double> signals) {
        this(sequence, takenAt, staleAfter, readings, missing, signals, false);
    }

    /**
     * @param startup taken during the sampler's start-up window ({@link Sampler#STARTUP_WINDOW}):
     *                the readings are real, but the levels they set are provisional (not held by
     *                the dwell)
     */
    public Snapshot(long sequence, Instant takenAt, Duration staleAfter, Map<Resource, Reading> readings,
                    Map<Resource, String> missing, Map<String, Double> signals, boolean startup) {
        this.sequence = sequence;
        this.startup = startup;
        this.takenAt = Objects.requireNonNull(takenAt, "takenAt");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        EnumMap<Resource, Reading> r = new EnumMap<>(Resource.class);
        r.putAll(readings);
        this.readings = Collections.unmodifiableMap(r);
        EnumMap<Resource, String> m = new EnumMap<>(Resource.class);
        m.putAll(missing);
        this.missing = Collections.unmodifiableMap(m);
        this.signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals));
    }

    /** A snapshot of the given readings, nothing missing, no signals (tests, injection). */
    public static Snapshot of(Instant takenAt, Duration staleAfter, Collection<Reading> readings) {
        Map<Resource, Reading> map = new EnumMap<>(Resource.class);
        for (Reading r : readings) {
            map.put(r.resource(), r);
        }
        return new Snapshot(0, takenAt, staleAfter, map, Map.of(), Map.of());
    }

    /** Before the first sample: everything missing, and stale. */
    public static Snapshot empty(Instant now) {
        Map<Resource, String> m = new EnumMap<>(Resource.class);
        for (Resource r : Resource.values()) {
            m.put(r, "not sampled yet");
        }
        return new Snapshot(-1, now, Duration.ZERO, Map.of(), m, Map.of());
    }

    /** Increases by one with every sample the sampler publishes. */
    public long sequence() {
        return sequence;
    }

    /** Taken during the sampler's start-up window: its levels are provisional (see {@link Sampler}). */
    public boolean startup() {
        return startup;
    }

    public Instant takenAt() {
        return takenAt;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    public Optional<Reading> get(Resource resource) {
        return Optional.ofNullable(readings.get(resource));
    }

    /** The reading, or {@code null} when missing: for hot paths that must not allocate. */
    public Reading reading(Resource resource) {
        return readings.get(resource);
    }

    public Map<Resource, Reading> readings() {
        return readings;
    }

    public Optional<String> missingReason(Resource resource) {
        return Optional.ofNullable(missing.get(resource));
    }

    public Map<Resource, String> missing() {
        return missing;
    }

    public Map<String, Double> signals() {
        return signals;
    }

    public Optional<Double> signal(String key) {
        return Optional.ofNullable(signals.get(key));
    }

    public Duration age(Instant now) {
        return Duration.between(takenAt, now);
    }

    /** True before the first sample, or when older than {@code staleAfter}. */
    public boolean isStale(Instant now) {
        return sequence < 0 || age(now).compareTo(staleAfter) > 0;
    }

    @Override
    public String toString() {
        return "Snapshot#" + sequence + (startup ? "(start-up)" : "") + "@" + takenAt + readings.values() + (missing.isEmpty() ? "" : " missing " + missing);
    }
}
