package ai.ringrift.guard.jobrunr;

import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jobrunr.server.JobActivator;

/**
 * Gives JobRunr the guard's own handler instances (registered with {@link #register}) and creates
 * other job classes with their no-argument constructor.
 */
public final class GuardJobActivator implements JobActivator {

    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();

    public <T> GuardJobActivator register(Class<T> type, T instance) {
        instances.put(type, instance);
        return this;
    }

    @Override
    public <T> T activateJob(Class<T> type) {
        Object instance = instances.get(type);
        if (instance != null) {
            return type.cast(instance);
        }
        try {
            Constructor<T> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JobRunr cannot create " + type.getName()
                    + ": give it a public no-argument constructor or register an instance", e);
        }
    }
}
