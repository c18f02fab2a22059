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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates a Quartz fire into the pipeline's {@link FireRequest}: the job, its declaration
 * (the job's JobDataMap {@code ringrift.*} keys written at registration, else {@code @Guarded} or
 * {@code @RespectResourceLimits} on the class), the requested size of its resizable parameter,
 * the attempt, first-deferral time and in-flight re-fire id a re-fire carries, and the trigger
 * data to carry on.
 * {@code ringrift.*} keys in a trigger's data other than the guard's own re-fire keys are
 * reserved: they never override the declaration and are ignored with one warning per job.
 */
final class QuartzFires {

    private static final Logger LOG = LoggerFactory.getLogger(QuartzFires.class);
    /** Prefix of the keys the guard writes into a fire's merged map ({@link FireKeys}). */
    private static final String GUARD_KEY_PREFIX = "ringrift.guard.";
    /** Jobs warned about reserved trigger keys; bounded so a stream of new job names cannot grow it. */
    private static final Set<JobKey> WARNED = ConcurrentHashMap.newKeySet();
    private static final int MAX_WARNED_JOBS = 10_000;

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
        Object refire = merged.get(RefireKeys.REFIRE);
        String refireId = refire == null ? null : String.valueOf(refire);
        warnOfReservedKeys(key, ctx.getTrigger().getJobDataMap());
        try {
            // the declaration written at registration: the job's own map, never the trigger's data
            JobDeclaration declaration = declarationOf(ctx.getJobDetail().getJobDataMap(),
                    ctx.getJobDetail().getJobClass());
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
            Object evictedBy = merged.get(RefireKeys.EVICTED);
            return new FireRequest(key.getGroup(), key.getName(), declaration, requested, attempt, FireSource.QUARTZ,
                    RecoveredFires.fireIdOf(ctx), firstDeferredAt, quartzPriority, carried, null,
                    evictedBy == null ? null : String.valueOf(evictedBy), refireId);
        } catch (RuntimeException e) {
            return FireRequest.unreadable(key.getGroup(), key.getName(), FireSource.QUARTZ, RecoveredFires.fireIdOf(ctx),
                    attempt, firstDeferredAt, quartzPriority, carried, e).withRefireId(refireId);
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

    /** The trigger's data a re-fire carries on: the job's parameters, neither the guard's keys nor reserved ones. */
    private static Map<String, String> carried(JobExecutionContext ctx) {
        Map<String, String> carried = new LinkedHashMap<>();
        ctx.getTrigger().getJobDataMap().forEach((k, v) -> {
            if (!k.startsWith(JobDeclaration.KEY_PREFIX) && v != null) {
                carried.put(k, String.valueOf(v));
            }
        });
        return carried;
    }

    /**
     * True for a trigger-data key under the reserved {@code ringrift.} prefix that the guard did
     * not write itself: a declaration key ({@code ringrift.priority}, {@code ringrift.needs.*}) a
     * trigger must not override. The guard's own are the re-fire keys ({@link RefireKeys}) and the
     * {@code ringrift.guard.*} keys it writes at a fire.
     */
    static boolean reserved(String key) {
        return key.startsWith(JobDeclaration.KEY_PREFIX) && !key.equals(RefireKeys.ATTEMPT)
                && !key.equals(RefireKeys.FIRST_DEFERRED_AT) && !key.startsWith(GUARD_KEY_PREFIX);
    }

    /** Logs once per job (not per fire) that its trigger data carries reserved keys, which are ignored. */
    private static void warnOfReservedKeys(JobKey job, JobDataMap triggerData) {
        Set<String> keys = new TreeSet<>();
        for (String k : triggerData.getKeys()) {
            if (reserved(k)) {
                keys.add(k);
            }
        }
        if (!keys.isEmpty() && WARNED.size() < MAX_WARNED_JOBS && WARNED.add(job)) {
            LOG.warn("job {}: trigger data {} ignored: keys starting with '{}' are reserved for the job's declaration"
                    + " written at registration (priority, needs); this is logged once per job", job, keys,
                    JobDeclaration.KEY_PREFIX);
        }
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
