package ai.ringrift.scheduler.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a job's priority and resource needs on its class (Quartz) or method (JobRunr). A
 * {@link JobSpec} given at registration wins over this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Guarded {
    Priority priority() default Priority.NORMAL;

    double cpuCores() default 0;

    double memoryGb() default 0;

    double gpuMemoryGb() default 0;

    double diskGb() default 0;

    /** Name of the integer parameter the guard may shrink (e.g. {@code num_games}); empty: none. */
    String resizable() default "";

    /** The smallest value the resizable parameter may be shrunk to. */
    int resizableMin() default JobDeclaration.DEFAULT_RESIZABLE_MIN;

    /** Resources this job frees when it runs (a cleanup job relieves DISK). */
    Resource[] relieves() default {};

    /**
     * Whether a fire that was running when its node died runs again, once, on whichever node
     * notices (Quartz {@code requestsRecovery}). Only for jobs that can safely start over.
     */
    boolean recover() default false;
}
