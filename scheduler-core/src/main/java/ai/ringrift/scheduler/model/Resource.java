package ai.ringrift.scheduler.model;

import java.util.Locale;

/** A host resource the guard measures and jobs declare needs for. */
public enum Resource {
    CPU("cpu"),
    MEMORY("memory"),
    GPU("gpu"),
    DISK("disk");

    private final String key;

    Resource(String key) {
        this.key = key;
    }

    /** Lower-case name used in config, metrics and the audit log. */
    public String key() {
        return key;
    }

    public static Resource parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Resource r : values()) {
                if (r.key.equals(t)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("unknown resource '" + text + "': use one of cpu, memory, gpu, disk");
    }
}
