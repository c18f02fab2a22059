package ai.ringrift.guard.eviction;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fires running on this node, by fire id, as the Quartz and JobRunr adapters report their
 * start and end; the {@link Evictor} picks its victims here. Thread-safe.
 */
public final class RunningFires {

    private final Map<String, RunningFire> fires = new ConcurrentHashMap<>();

    /** The fire has started (a fire without an id cannot be tracked and is ignored). */
    public void started(RunningFire fire) {
        Objects.requireNonNull(fire, "fire");
        if (fire.fireId() != null) {
            fires.put(fire.fireId(), fire);
        }
    }

    /** The fire has ended; returns what the registry knew of it (whether it was evicted). */
    public Optional<RunningFire> finished(String fireId) {
        return fireId == null ? Optional.empty() : Optional.ofNullable(fires.remove(fireId));
    }

    /** A snapshot of the running fires. */
    public List<RunningFire> all() {
        return List.copyOf(fires.values());
    }

    public int size() {
        return fires.size();
    }
}
