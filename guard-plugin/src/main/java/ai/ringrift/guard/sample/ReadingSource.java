package ai.ringrift.guard.sample;

import java.util.List;

/**
 * Something that measures one or more resources: OSHI host counters, cgroup files, NVML, PSI.
 * The sampler calls {@link #read()} on its own thread once per interval. Tests inject readings
 * through this same interface.
 */
public interface ReadingSource extends AutoCloseable {

    /** Short name used in logs and as the reason when it fails. */
    String name();

    /**
     * Measures now. May throw: the sampler marks this source's resources missing with the error
     * and keeps running.
     */
    List<Reading> read() throws Exception;

    /** Co-signals (load averages, PSI); empty by default. Called right after {@link #read()}. */
    default java.util.Map<String, Double> signals() {
        return java.util.Map.of();
    }

    /**
     * Why a resource this source covers has no reading after a read that did not fail (e.g. a host
     * without PSI); the sampler records it as the missing reason.
     */
    default String noReadingReason(ai.ringrift.scheduler.model.Resource resource) {
        return name() + " gave no " + resource.key() + " reading";
    }

    /** Resources this source is responsible for (marked missing when it fails). */
    java.util.Set<ai.ringrift.scheduler.model.Resource> covers();

    @Override
    default void close() {
    }
}
