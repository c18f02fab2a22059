package ai.ringrift.guard.api;

import ai.ringrift.scheduler.model.ResourceNeeds;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Runs work under {@link RespectResourceLimits}: waits for the declared needs, then calls. */
public final class ResourceLimits {

    private ResourceLimits() {
    }

    /**
     * Wraps {@code task}: the returned callable waits (polling snapshots) for the needs declared by
     * {@code @RespectResourceLimits} on the task's {@code call()} method, else on its class, then
     * calls it; without the annotation it calls at once.
     */
    public static <T> Callable<T> wrap(Callable<T> task) {
        return wrap(null, task);
    }

    /** {@link #wrap(Callable)} against a given checker ({@code null}: {@link ResourceGuard#checker()}). */
    public static <T> Callable<T> wrap(ResourceChecker checker, Callable<T> task) {
        Optional<RespectResourceLimits> a = declared(task.getClass());
        if (a.isEmpty()) {
            return task;
        }
        return wrap(checker, needsOf(a.get()), Duration.ofSeconds(a.get().timeoutSeconds()), task);
    }

    /** Waits up to {@code timeout} for {@code needs}, then calls {@code task}. */
    public static <T> Callable<T> wrap(ResourceChecker checker, ResourceNeeds needs, Duration timeout, Callable<T> task) {
        return () -> {
            ResourceChecker c = checker != null ? checker : ResourceGuard.checker();
            if (!c.waitForResources(timeout, needs)) {
                throw new ResourcesUnavailableException("resources unavailable after waiting " + timeout.toSeconds()
                        + " s", c.shortfalls(needs));
            }
            return task.call();
        };
    }

    /** The annotation on {@code type}'s {@code call()} method, else on the type. */
    public static Optional<RespectResourceLimits> declared(Class<?> type) {
        try {
            Method call = type.getMethod("call");
            RespectResourceLimits onMethod = call.getAnnotation(RespectResourceLimits.class);
            if (onMethod != null) {
                return Optional.of(onMethod);
            }
        } catch (NoSuchMethodException e) {
            // not a Callable: only the class can carry it
        }
        return Optional.ofNullable(type.getAnnotation(RespectResourceLimits.class));
    }

    /** The needs declared on a class or method, {@link ResourceNeeds#NONE} without the annotation. */
    public static ResourceNeeds needsOf(AnnotatedElement element) {
        RespectResourceLimits a = element.getAnnotation(RespectResourceLimits.class);
        return a == null ? ResourceNeeds.NONE : needsOf(a);
    }

    public static ResourceNeeds needsOf(RespectResourceLimits a) {
        return ResourceNeeds.of(a.cpuCores(), a.memGb(), a.gpuGb(), a.diskGb());
    }
}
