package ai.ringrift.guard.api;

import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;

/**
 * One row of {@link ResourceStatus}.
 *
 * @param usedPercent   used %, {@code NaN} when not measured
 * @param maxPercent    configured max
 * @param warnPercent   configured warn
 * @param ok            below max (a missing GPU is ok; other missing resources are not)
 * @param warning       at or above warn
 * @param source        reading source, empty when missing
 * @param age           age of the reading, null when missing
 * @param detail        reading detail, or the missing reason
 * @param available     what is free: GB (memory, GPU, disk) or cores (CPU); {@code NaN} when not known
 *                      (a missing reading, a percent-only reading, memory pressure)
 * @param total         the capacity in the same unit; {@code NaN} when not known
 * @param unit          {@code GB}, {@code cores}, or {@code %} for memory pressure
 */
public record ResourceState(Resource resource, double usedPercent, double maxPercent, double warnPercent,
                            boolean ok, boolean warning, String source, Duration age, String detail,
                            double available, double total, String unit) {

    /** The unit of {@link #available} and {@link #total} for a resource. */
    public static String unitOf(Resource r) {
        return switch (r) {
            case CPU -> "cores";
            case MEMORY_PRESSURE -> "%";
            default -> "GB";
        };
    }

    /** The limit: the configured max, percent. */
    public double limitPercent() {
        return maxPercent;
    }

    public boolean measured() {
        return !Double.isNaN(usedPercent);
    }
}
