package ai.ringrift.guard.config;

/**
 * What validation checks against besides the file: the host's capacity (needs that can never
 * fit are warned about) and the class loader job classes are looked up in.
 *
 * @param capacity    this host; {@link HostCapacity#UNKNOWN} skips the capacity warnings
 * @param classLoader where {@code jobs[].class} must be found; {@code null} = the thread's context class loader
 */
public record ValidationContext(HostCapacity capacity, ClassLoader classLoader) {

    public ValidationContext {
        capacity = capacity == null ? HostCapacity.UNKNOWN : capacity;
    }

    /** This host as detected, the context class loader. */
    public static ValidationContext forThisHost() {
        return new ValidationContext(HostCapacity.detect(), null);
    }

    public static ValidationContext of(HostCapacity capacity) {
        return new ValidationContext(capacity, null);
    }

    ClassLoader loader() {
        if (classLoader != null) {
            return classLoader;
        }
        ClassLoader ctx = Thread.currentThread().getContextClassLoader();
        return ctx != null ? ctx : ValidationContext.class.getClassLoader();
    }
}
