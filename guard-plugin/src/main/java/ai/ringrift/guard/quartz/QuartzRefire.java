package ai.ringrift.guard.quartz;

import ai.ringrift.guard.pipeline.Refire;
import ai.ringrift.guard.pipeline.RefireKeys;
import ai.ringrift.guard.pipeline.RefireRequest;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * Fires a Quartz job again through a one-shot trigger carrying a data map and the attempt number:
 * the pipeline's {@link Refire} on one {@link Scheduler} (due JobRunr deferrals and the fallback
 * deferral store use it). Works on any scheduler, so the guard stays a drop-in plugin. The
 * trigger's misfire instruction is "fire now": a re-fire that was due while the scheduler was down
 * still happens.
 */
public final class QuartzRefire implements Refire {

    /** JobDataMap key carrying how many times this fire has been deferred. */
    public static final String KEY_ATTEMPT = RefireKeys.ATTEMPT;
    /** JobDataMap key carrying when the original fire was first deferred (epoch ms). */
    public static final String KEY_FIRST_DEFERRED_AT = RefireKeys.FIRST_DEFERRED_AT;
    /** Trigger group of re-fire triggers. */
    public static final String TRIGGER_GROUP = "ringrift-refire";

    private final Scheduler scheduler;

    public QuartzRefire(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public void schedule(RefireRequest r, Instant at, String key) throws Exception {
        scheduleUnlessThere(r, at, key);
    }

    /**
     * A one-shot trigger of a job stays in Quartz's store from its scheduling until its fire
     * completes (after the guard's decision on it), or until Quartz's recovery of the node that
     * fired it removes it: a trigger that is gone while its re-fire is still in flight was lost
     * with that node.
     */
    @Override
    public boolean scheduleIfGone(RefireRequest r, String key) throws Exception {
        return !scheduler.checkExists(triggerKey(r, key)) && scheduleUnlessThere(r, null, key);
    }

    /** Returns false when a trigger with the key is there already (a retried re-fire). */
    private boolean scheduleUnlessThere(RefireRequest r, Instant at, String key) throws Exception {
        JobKey job = JobKey.jobKey(r.jobName(), r.jobGroup());
        TriggerKey trigger = triggerKey(r, key == null ? UUID.randomUUID().toString() : key);
        try {
            schedule(scheduler, job, r.data(), r.attempt(), at == null ? null : Date.from(at), r.quartzPriority(),
                    trigger);
            return true;
        } catch (ObjectAlreadyExistsException already) {
            return false; // a retried re-fire with the same key: it is scheduled already
        } catch (SchedulerException e) {
            if (!scheduler.checkExists(job)) {
                throw new JobGoneException("job " + job + " no longer exists; the deferred fire is dropped");
            }
            throw e;
        }
    }

    /** The trigger of the re-fire keyed {@code key}. */
    static TriggerKey triggerKey(RefireRequest r, String key) {
        return TriggerKey.triggerKey(r.jobName() + "-" + key, TRIGGER_GROUP);
    }

    /**
     * Schedules the job to fire at {@code at} (now when null) under trigger {@code key}: a second
     * call with the same key fails with {@link ObjectAlreadyExistsException}.
     *
     * @throws SchedulerException when the job is gone or the store fails
     */
    public static TriggerKey schedule(Scheduler scheduler, JobKey job, Map<String, String> data, int attempt,
                                      Date at, int priority, TriggerKey key) throws SchedulerException {
        if (!scheduler.checkExists(job)) {
            throw new SchedulerException("job " + job + " no longer exists; the deferred fire is dropped");
        }
        JobDataMap map = new JobDataMap();
        data.forEach(map::put);
        map.put(KEY_ATTEMPT, Integer.toString(attempt));
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job)
                .usingJobData(map)
                .withPriority(priority)
                .startAt(at == null ? new Date() : at)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        scheduler.scheduleJob(trigger);
        return trigger.getKey();
    }
}
