package ai.ringrift.guard.quartz;

import ai.ringrift.guard.api.RespectResourceLimits;
import ai.ringrift.guard.pipeline.FireRequest;
import ai.ringrift.guard.pipeline.FireSource;
import ai.ringrift.guard.pipeline.RefireKeys;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;

/**
 * Translates a Quartz fire into the pipeline's {@link FireRequest}: the job, its declaration
 * (JobDataMap {@code ringrift.*} keys written at registration, else {@code @Guarded} or
 * {@code @RespectResourceLimits} on the class), the requested size of its resizable parameter,
 * the attempt and first-deferral time a re-fire carries, and the trigger data to carry on.
 */
final class QuartzFires {

    private QuartzFires() {
    }

    /** Never throws: a fire whose declaration cannot be read becomes an unreadable request (GUARD_ERROR). */
    static FireRequest read(JobExecutionContext ctx) {
        JobKey key = ctx.getJobDetail().getKey();
        JobDataMap merged = ctx.getMergedJobDataMap();
        int attempt = intOr(merged.get(RefireKeys.ATTEMPT), 0);
        Instant firstDeferredAt = instantOr(merged.get(RefireKeys.FIRST_DEFERRED_AT));
        Map<String, String> carried = carried(ctx);
        int quartzPriority = ctx.getTrigger().getPriority();
        try {
            JobDeclaration declaration = declarationOf(merged, ctx.getJobDetail().getJobClass());
            Integer requested = null;
            if (declaration.resizableParam() != null) {
                Object v = merged.get(declaration.resizableParam());
                if (v != null) {
                    try {
                        requested = Integer.valueOf(String.valueOf(v).trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("resizable parameter " + declaration.resizableParam()
                                + " of " + key + " is not an integer: '" + v + "'");
                    }
                }
            }
            return new FireRequest(key.getGroup(), key.getName(), declaration, requested, attempt, FireSource.QUARTZ,
                    ctx.getFireInstanceId(), firstDeferredAt, quartzPriority, carried, null);
        } catch (RuntimeException e) {
            return FireRequest.unreadable(key.getGroup(), key.getName(), FireSource.QUARTZ, ctx.getFireInstanceId(),
                    attempt, firstDeferredAt, quartzPriority, carried, e);
        }
    }

    /** The declaration from the data map, else the class annotations, else NORMAL with no needs. */
    static JobDeclaration declarationOf(Map<String, ?> map, Class<?> jobClass) {
        if (JobDeclaration.isPresentIn(map)) {
            return JobDeclaration.readFrom(map);
        }
        if (jobClass.isAnnotationPresent(Guarded.class)) {
            return JobDeclaration.forClass(jobClass);
        }
        RespectResourceLimits r = jobClass.getAnnotation(RespectResourceLimits.class);
        if (r != null) {
            return JobDeclaration.of(Priority.NORMAL, new ResourceNeeds(r.cpuCores(), r.memGb(), r.gpuGb(), r.diskGb()));
        }
        return JobDeclaration.DEFAULT;
    }

    private static Map<String, String> carried(JobExecutionContext ctx) {
        Map<String, String> carried = new LinkedHashMap<>();
        ctx.getTrigger().getJobDataMap().forEach((k, v) -> {
            if (!k.equals(RefireKeys.ATTEMPT) && !k.equals(RefireKeys.FIRST_DEFERRED_AT)
                    && !k.startsWith("ringrift.guard.") && v != null) {
                carried.put(k, String.valueOf(v));
            }
        });
        return carried;
    }

    private static Instant instantOr(Object v) {
        if (v == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(String.valueOf(v).trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int intOr(Object v, int dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
