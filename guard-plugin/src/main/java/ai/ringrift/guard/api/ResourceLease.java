package ai.ringrift.guard.api;

import ai.ringrift.scheduler.model.ResourceNeeds;
import java.util.List;

/**
 * The result of {@code acquire(needs)}: {@link #ok()} says whether the needs fit; when they did,
 * they stay reserved until the next snapshot or {@link #close()}, whichever comes first.
 * <pre>{@code
 * try (var guard = ResourceGuard.acquire(needs)) {
 *     if (!guard.ok()) { return; }   // guard.shortfalls() says why
 *     ...
 * }
 * }</pre>
 */
public final class ResourceLease implements AutoCloseable {

    private final ResourceChecker owner;
    private final ResourceNeeds needs;
    private final long snapshotSequence;
    private final List<Shortfall> shortfalls;

    ResourceLease(ResourceChecker owner, ResourceNeeds needs, long snapshotSequence, List<Shortfall> shortfalls) {
        this.owner = owner;
        this.needs = needs;
        this.snapshotSequence = snapshotSequence;
        this.shortfalls = List.copyOf(shortfalls);
    }

    public boolean ok() {
        return shortfalls.isEmpty();
    }

    public List<Shortfall> shortfalls() {
        return shortfalls;
    }

    public ResourceNeeds needs() {
        return needs;
    }

    long snapshotSequence() {
        return snapshotSequence;
    }

    @Override
    public void close() {
        owner.release(this);
    }
}
