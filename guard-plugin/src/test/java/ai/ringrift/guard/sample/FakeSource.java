package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A source giving set percentages (and optionally throwing), for tests and benchmarks. */
public final class FakeSource implements ReadingSource {

    private final Clock clock;
    private final Map<Resource, Double> percents = new EnumMap<>(Resource.class);
    private volatile Map<String, Double> signals = Map.of();
    private volatile RuntimeException failure;
    final AtomicInteger reads = new AtomicInteger();

    public FakeSource(Clock clock) {
        this.clock = clock;
    }

    public synchronized FakeSource set(Resource r, double percent) {
        percents.put(r, percent);
        return this;
    }

    public FakeSource signals(Map<String, Double> s) {
        signals = Map.copyOf(s);
        return this;
    }

    public FakeSource failWith(RuntimeException e) {
        failure = e;
        return this;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized List<Reading> read() {
        reads.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        List<Reading> out = new ArrayList<>();
        percents.forEach((r, p) -> out.add(Reading.bytes(r, 100_000_000_000L, Math.round((100 - p) * 1e9), "host",
                clock.instant(), "fake")));
        return out;
    }

    @Override
    public Map<String, Double> signals() {
        return signals;
    }

    @Override
    public synchronized Set<Resource> covers() {
        return percents.isEmpty() ? Set.of(Resource.CPU, Resource.MEMORY) : Set.copyOf(percents.keySet());
    }
}
