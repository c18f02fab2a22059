package ai.ringrift.guard.sample;

/** Gives the latest published snapshot. Never samples, never blocks, never does I/O. */
@FunctionalInterface
public interface SnapshotProvider {
    Snapshot latest();
}
