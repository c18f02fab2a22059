package ai.ringrift.guard.quartz;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Readings a test sets, served through the sampler's own source interface. */
final class MutableSource implements ReadingSource {

    private final Map<Resource, Double> percent = new EnumMap<>(Resource.class);
    private volatile boolean failing;
    private final Clock clock = Clock.systemUTC();

    MutableSource() {
        percent.put(Resource.CPU, 10.0);
        percent.put(Resource.MEMORY, 40.0);
        percent.put(Resource.DISK, 20.0);
    }

    synchronized MutableSource set(Resource r, double pct) {
        percent.put(r, pct);
        return this;
    }

    MutableSource failing(boolean f) {
        failing = f;
        return this;
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public synchronized List<Reading> read() {
        if (failing) {
            throw new IllegalStateException("injected sensor failure");
        }
        return percent.entrySet().stream()
                .map(e -> Reading.percent(e.getKey(), e.getValue(), "host", clock.instant()))
                .toList();
    }

    @Override
    public Set<Resource> covers() {
        return Set.of(Resource.CPU, Resource.MEMORY, Resource.DISK);
    }
}
