package ai.ringrift.scheduler.model;

import java.util.Locale;

/**
 * A host resource the guard measures. Jobs declare needs for CPU, memory, GPU and disk;
 * {@link #MEMORY_PRESSURE} is a reading of its own (percent of time stalled on memory, from PSI)
 * that raises the level like the others but is never needed: a job needs 0 of it.
 */
public enum Resource {
    CPU("cpu", "cpu"),
    MEMORY("memory", "memory"),
    GPU("gpu", "gpu"),
    DISK("disk", "disk"),
    /** Memory pressure stall (PSI {@code full avg10}, % of time); absent on hosts without PSI. */
    MEMORY_PRESSURE("memoryPressure", "memory pressure");

    private final String key;
    private final String label;

    Resource(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name in sentences: {@code memory pressure 72% of 60% limit}. */
    public String label() {
        return label;
    }

    /** True for the resources jobs declare needs for (all but {@link #MEMORY_PRESSURE}). */
    public boolean needable() {
        return this != MEMORY_PRESSURE;
    }

    /** Lower-case name used in config, metrics and the audit log. */
    public String key() {
        return key;
    }

    public static Resource parse(String text) {
        if (text != null) {
            String t = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
            for (Resource r : values()) {
                if (r.key.toLowerCase(Locale.ROOT).equals(t)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("unknown resource '" + text + "': use one of cpu, memory, gpu, disk, memoryPressure");
    }
}
