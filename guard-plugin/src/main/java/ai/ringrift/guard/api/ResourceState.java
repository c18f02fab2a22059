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
 */
public record ResourceState(Resource resource, double usedPercent, double maxPercent, double warnPercent,
                            boolean ok, boolean warning, String source, Duration age, String detail) {

    public boolean measured() {
        return !Double.isNaN(usedPercent);
    }
}
