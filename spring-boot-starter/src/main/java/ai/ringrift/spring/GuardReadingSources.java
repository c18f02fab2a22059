package ai.ringrift.spring;

import ai.ringrift.guard.sample.ReadingSource;
import java.util.List;

/**
 * Replaces the guard's host sampling (OSHI, cgroups, NVML) with these sources, when an application
 * defines a bean of this type: for tests that inject pressure, or hosts that measure elsewhere.
 * Without such a bean the guard samples the host as the daemon does.
 */
public record GuardReadingSources(List<ReadingSource> sources) {

    public GuardReadingSources {
        if (sources == null || sources.isEmpty()) {
            throw new IllegalArgumentException("GuardReadingSources needs at least one ReadingSource");
        }
        sources = List.copyOf(sources);
    }
}
