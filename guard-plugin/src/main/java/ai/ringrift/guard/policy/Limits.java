package ai.ringrift.guard.policy;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.scheduler.model.Resource;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code limits}: the limits of all resources, immutable. Defaults: CPU 80/70, memory 80/70,
 * GPU 80/70, disk 70/65 (max/warn %), minFreeGb 0; memory pressure {@value #PRESSURE_MAX}/{@value #PRESSURE_WARN}
 * (% of time stalled, PSI {@code full avg10}).
 *
 * <p>The memory pressure defaults follow systemd-oomd: its {@code DefaultMemoryPressureLimit} is 60 %
 * ({@code ManagedOOMMemoryPressureLimit}) held for {@code DefaultMemoryPressureDurationSec} 30 s before
 * it kills a cgroup. The guard reaches level 4 on the same 60 % but within one sampling interval (avg10
 * is already a 10 s mean), so it stops and evicts batch work before oomd picks a victim. The warning at
 * 40 % is the kubelet's soft/hard pattern (a soft threshold well before the hard one); the kubelet
 * itself has no PSI eviction signal, it exports PSI as metrics only.
 */
public record Limits(Map<Resource, ResourceLimit> byResource) implements Checked {

    /** Default {@code limits.memoryPressure.max}: systemd-oomd's DefaultMemoryPressureLimit. */
    public static final double PRESSURE_MAX = 60;
    /** Default {@code limits.memoryPressure.warn}. */
    public static final double PRESSURE_WARN = 40;
    private static final ResourceLimit PRESSURE_DEFAULT = ResourceLimit.of(PRESSURE_MAX, PRESSURE_WARN);

    public static final Limits DEFAULTS = new Limits(Map.of(
            Resource.CPU, ResourceLimit.of(80, 70),
            Resource.MEMORY, ResourceLimit.of(80, 70),
            Resource.GPU, ResourceLimit.of(80, 70),
            Resource.DISK, ResourceLimit.of(70, 65),
            Resource.MEMORY_PRESSURE, PRESSURE_DEFAULT));

    /** CPU, memory, GPU and disk must be given; memory pressure falls back to its default. */
    public Limits {
        EnumMap<Resource, ResourceLimit> m = new EnumMap<>(Resource.class);
        m.putAll(Objects.requireNonNull(byResource, "byResource"));
        m.putIfAbsent(Resource.MEMORY_PRESSURE, PRESSURE_DEFAULT);
        for (Resource r : Resource.values()) {
            if (!m.containsKey(r)) {
                throw new IllegalArgumentException("limits." + r.key() + " is missing");
            }
        }
        byResource = Collections.unmodifiableMap(m);
    }

    public ResourceLimit of(Resource resource) {
        return byResource.get(resource);
    }

    public double max(Resource resource) {
        return byResource.get(resource).maxPercent();
    }

    public double warn(Resource resource) {
        return byResource.get(resource).warnPercent();
    }

    public Limits with(Resource resource, ResourceLimit limit) {
        EnumMap<Resource, ResourceLimit> m = new EnumMap<>(byResource);
        m.put(resource, limit);
        return new Limits(m);
    }

    /** Each limit's rules, then: disk looser than memory is a warning (cleanup takes time to free space). */
    @Override
    public void check(Problems p, String path) {
        for (Resource r : Resource.values()) {
            of(r).check(p, Problems.path(path, r.key()));
        }
        double disk = max(Resource.DISK);
        double mem = max(Resource.MEMORY);
        if (disk > mem && disk <= 100) {
            p.warning(Problems.path(path, "disk.max"), "disk max " + Checks.number(disk)
                    + "% is looser than memory max " + Checks.number(mem)
                    + "%: keep disk tighter, because cleanup takes time to free space");
        }
    }
}
