package ai.ringrift.guard.quartz;

import ai.ringrift.guard.api.RespectResourceLimits;
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
 * One Quartz fire as the guard sees it: the job, its declaration, the requested size of its
 * resizable parameter, how often this fire was deferred already, and the trigger data to carry to
 * a re-fire.
 *
 * @param key             the job
 * @param declaration     from the JobDataMap ({@code ringrift.*} keys written at registration),
 *                        else {@code @Guarded} or {@code @RespectResourceLimits} on the class
 * @param requestedSize   current value of the resizable parameter, or null
 * @param attempt         how many times this fire was deferred before (0 for a fresh fire)
 * @param firstDeferredAt when this fire was first deferred, or null
 * @param fireInstanceId  Quartz's id of this fire
 * @param quartzPriority  the trigger's priority (carried to re-fires)
 * @param carried         the trigger's data, as strings, without the guard's own keys
 */
public record Fire(JobKey key, JobDeclaration declaration, Integer requestedSize, int attempt,
                   Instant firstDeferredAt, String fireInstanceId, int quartzPriority,
                   Map<String, String> carried) {

    public Priority priority() {
        return declaration.priority();
    }

    /** Reads a fire from the context; malformed declarations throw with the key in the message. */
    public static Fire of(JobExecutionContext ctx) {
        JobKey key = ctx.getJobDetail().getKey();
        JobDataMap merged = ctx.getMergedJobDataMap();
        JobDeclaration declaration = declarationOf(merged, ctx.getJobDetail().getJobClass());
        Integer requested = null;
        if (declaration.resizableParam() != null) {
            Object v = merged.get(declaration.resizableParam());
            if (v != null) {
                try {
                    requested = Integer.valueOf(String.valueOf(v).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("resizable parameter " + declaration.resizableParam() + " of "
                            + key + " is not an integer: '" + v + "'");
                }
            }
        }
        int attempt = intOr(merged.get(QuartzRefire.KEY_ATTEMPT), 0);
        Object first = merged.get(QuartzRefire.KEY_FIRST_DEFERRED_AT);
        Instant firstDeferredAt = first == null ? null : Instant.ofEpochMilli(Long.parseLong(String.valueOf(first)));
        Map<String, String> carried = new LinkedHashMap<>();
        ctx.getTrigger().getJobDataMap().forEach((k, v) -> {
            if (!k.equals(QuartzRefire.KEY_ATTEMPT) && !k.equals(QuartzRefire.KEY_FIRST_DEFERRED_AT)
                    && !k.startsWith("ringrift.guard.") && v != null) {
                carried.put(k, String.valueOf(v));
            }
        });
        return new Fire(key, declaration, requested, attempt, firstDeferredAt, ctx.getFireInstanceId(),
                ctx.getTrigger().getPriority(), carried);
    }

    /** The declaration from the data map, else the class annotations, else NORMAL with no needs. */
    public static JobDeclaration declarationOf(Map<String, ?> map, Class<?> jobClass) {
        if (JobDeclaration.isPresentIn(map)) {
            return JobDeclaration.readFrom(map);
        }
        if (jobClass.isAnnotationPresent(ai.ringrift.scheduler.model.Guarded.class)) {
            return JobDeclaration.forClass(jobClass);
        }
        RespectResourceLimits r = jobClass.getAnnotation(RespectResourceLimits.class);
        if (r != null) {
            return JobDeclaration.of(Priority.NORMAL, new ResourceNeeds(r.cpuCores(), r.memGb(), r.gpuGb(), r.diskGb()));
        }
        return JobDeclaration.DEFAULT;
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
