package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import java.util.List;
import java.util.Set;

/**
 * Stands for a resource that cannot be read on this host (no GPU driver): never fails, gives no
 * reading, and the sampler reports {@link #reason()} as the resource's missing reason.
 */
public final class UnavailableSource implements ReadingSource {

    private final String name;
    private final Resource resource;
    private final String reason;

    public UnavailableSource(String name, Resource resource, String reason) {
        this.name = name;
        this.resource = resource;
        this.reason = reason;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Reading> read() {
        return List.of();
    }

    @Override
    public Set<Resource> covers() {
        return Set.of(resource);
    }

    public String reason() {
        return reason;
    }
}
