package ai.ringrift.guard.policy;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;

/**
 * The one headroom model of a resource, shared by the decision engine (reservations) and the
 * library API's {@code ResourceChecker}: the {@code budget} a resource may be used up to under its
 * limit, and what is {@code used} now, in GB (cores for CPU).
 *
 * <ul>
 *   <li>Memory, GPU, disk: {@code budget = min(max% x total, total - minFreeGb)},
 *       {@code used = total - available}. A percent-only reading (no byte counts) has no known
 *       budget.</li>
 *   <li>CPU: {@code budget = max% x capacity}, {@code used = used% x capacity}, where the
 *       capacity is {@code cpu.capacity.cores} (a cgroup quota), else {@code cpu.logical}; unknown
 *       without either signal.</li>
 * </ul>
 *
 * @param budget GB or cores usable under the limit; NaN when unknown
 * @param used   GB or cores in use (0 when the budget is unknown)
 */
public record Headroom(double budget, double used) {

    public static final Headroom UNKNOWN = new Headroom(Double.NaN, 0);

    private static final double GB = 1e9;

    /** The headroom of one reading under its limit. */
    public static Headroom of(Resource resource, Reading reading, ResourceLimit limit, Snapshot snapshot) {
        double maxShare = limit.maxPercent() / 100.0;
        if (resource == Resource.CPU) {
            double cores = cpuCapacity(snapshot);
            return Double.isNaN(cores) ? UNKNOWN : new Headroom(maxShare * cores, cores * reading.usedPercent() / 100.0);
        }
        if (reading.totalBytes() <= 0) {
            return UNKNOWN;
        }
        double totalGb = reading.totalBytes() / GB;
        double usedGb = Math.max(0, reading.totalBytes() - reading.availableBytes()) / GB;
        return new Headroom(Math.min(maxShare * totalGb, totalGb - limit.minFreeGb()), usedGb);
    }

    /** Cores the host (or its cgroup quota) offers; NaN when the snapshot does not say. */
    public static double cpuCapacity(Snapshot snapshot) {
        Double quota = snapshot.signals().get("cpu.capacity.cores");
        if (quota != null && quota > 0) {
            return quota;
        }
        Double logical = snapshot.signals().get("cpu.logical");
        return logical != null && logical > 0 ? logical : Double.NaN;
    }

    public boolean known() {
        return !Double.isNaN(budget);
    }

    /** Budget minus use: what may still be taken (negative when over); NaN when unknown. */
    public double free() {
        return budget - used;
    }
}
