package ai.ringrift.guard.config;

import ai.ringrift.guard.policy.Limits;
import ai.ringrift.scheduler.model.Resource;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code limits}: per resource {@code max}/{@code warn}/{@code minFreeGb}. Defaults: cpu 80/70,
 * memory 80/70, gpu 80/70, disk 70/65, minFreeGb 0.
 */
public record LimitsConfig(LimitConfig cpu, LimitConfig memory, LimitConfig gpu, LimitConfig disk) {

    public static LimitsConfig defaults() {
        return new LimitsConfig(new LimitConfig(80, 70, 0), new LimitConfig(80, 70, 0),
                new LimitConfig(80, 70, 0), new LimitConfig(70, 65, 0));
    }

    public LimitConfig of(Resource r) {
        return switch (r) {
            case CPU -> cpu;
            case MEMORY -> memory;
            case GPU -> gpu;
            case DISK -> disk;
        };
    }

    /** The policy's limits; only valid after {@link ConfigValidator} found no error. */
    public Limits toLimits() {
        Map<Resource, ai.ringrift.guard.policy.ResourceLimit> m = new EnumMap<>(Resource.class);
        for (Resource r : Resource.values()) {
            m.put(r, of(r).toResourceLimit());
        }
        return new Limits(m);
    }
}
