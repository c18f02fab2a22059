package ai.ringrift.guard.config;

import ai.ringrift.guard.policy.ResourceLimit;

/**
 * {@code limits.<resource>}: the limit of one resource as written in the file (not yet checked).
 *
 * @param max       hard limit in percent of capacity (ratio 1.0, level 4)
 * @param warn      warning threshold in percent, below {@code max}
 * @param minFreeGb absolute floor of free GB below which the resource counts as full; 0 = off
 */
public record LimitConfig(double max, double warn, double minFreeGb) {

    /** The policy's limit; only valid after {@link ConfigValidator} found no error. */
    public ResourceLimit toResourceLimit() {
        return new ResourceLimit(max, warn, minFreeGb);
    }
}
