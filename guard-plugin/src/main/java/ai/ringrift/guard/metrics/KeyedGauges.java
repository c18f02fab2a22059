package ai.ringrift.guard.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A family of gauges, one per key, whose membership follows a changing key set: a gauge is
 * registered when its key appears and removed from the registry when it disappears, so that a
 * missing value (no GPU, an unregistered job) is absent from the scrape instead of reported as 0.
 * Not thread-safe: the owner synchronises {@link #sync(Collection)}.
 *
 * @param <K> the key (a resource, a job name)
 */
final class KeyedGauges<K> {

    private final MeterRegistry registry;
    private final Function<K, Gauge> register;
    private final Map<K, Gauge> gauges = new LinkedHashMap<>();

    /**
     * @param registry where the gauges live
     * @param register registers (and returns) the gauge of one key
     */
    KeyedGauges(MeterRegistry registry, Function<K, Gauge> register) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.register = Objects.requireNonNull(register, "register");
    }

    /** Makes the registered gauges exactly those of {@code wanted}. */
    void sync(Collection<K> wanted) {
        Set<K> keep = new HashSet<>(wanted);
        gauges.entrySet().removeIf(e -> {
            if (keep.contains(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue());
            return true;
        });
        for (K key : wanted) {
            gauges.computeIfAbsent(key, register);
        }
    }

    /** Removes every gauge of this family. */
    void clear() {
        sync(Set.of());
    }

    Set<K> keys() {
        return Set.copyOf(gauges.keySet());
    }
}
