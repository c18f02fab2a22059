package ai.ringrift.guard.api;

import ai.ringrift.scheduler.model.Resource;

/**
 * Why one resource cannot serve a request now.
 *
 * @param resource the short resource
 * @param shortBy  by how much: GB (memory, disk, GPU), cores (CPU), or percentage points over the
 *                 limit when the resource is already past it; 0 when unknown (no reading)
 * @param unit     {@code GB}, {@code cores}, {@code points} or {@code load/core}
 * @param message  a sentence naming the resource, the amounts and the limit
 */
public record Shortfall(Resource resource, double shortBy, String unit, String message) {

    @Override
    public String toString() {
        return message;
    }
}
