package ai.ringrift.guard.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what a job class or method needs; {@link ResourceLimits#wrap} waits up to
 * {@link #timeoutSeconds()} for it before calling, then throws
 * {@link ResourcesUnavailableException}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RespectResourceLimits {
    double diskGb() default 0;

    double memGb() default 0;

    double gpuGb() default 0;

    double cpuCores() default 0;

    long timeoutSeconds() default 300;
}
