package ai.ringrift.scheduler;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link FiredTriggerHook} of each scheduler in this JVM, by scheduler name (Quartz itself
 * allows one scheduler per name in a JVM). A plugin registers its hook when it starts and removes
 * it when it shuts down; {@link OutageAwareJobStore} looks it up by its instance name.
 */
public final class FiredTriggerHooks {

    private static final ConcurrentMap<String, FiredTriggerHook> HOOKS = new ConcurrentHashMap<>();

    private FiredTriggerHooks() {
    }

    /**
     * Registers {@code hook} for the scheduler named {@code schedulerName}.
     *
     * @throws IllegalStateException when another hook is registered for that name
     */
    public static void register(String schedulerName, FiredTriggerHook hook) {
        Objects.requireNonNull(hook, "hook");
        FiredTriggerHook was = HOOKS.putIfAbsent(Objects.requireNonNull(schedulerName, "schedulerName"), hook);
        if (was != null && was != hook) {
            throw new IllegalStateException("scheduler '" + schedulerName + "' already has a fired-trigger hook");
        }
    }

    /** Removes {@code hook} if it is the one registered for {@code schedulerName}. */
    public static void unregister(String schedulerName, FiredTriggerHook hook) {
        HOOKS.remove(schedulerName, hook);
    }

    /** The hook of {@code schedulerName}, or null. */
    public static FiredTriggerHook of(String schedulerName) {
        return schedulerName == null ? null : HOOKS.get(schedulerName);
    }
}
