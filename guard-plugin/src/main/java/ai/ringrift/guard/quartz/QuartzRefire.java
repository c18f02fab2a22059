package ai.ringrift.guard.quartz;

import java.util.Date;
import java.util.Map;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * Fires a Quartz job again through a one-shot trigger carrying a data map and the attempt number.
 * Works on any {@link Scheduler}, so the guard stays a drop-in plugin. The trigger's misfire
 * instruction is "fire now": a re-fire that was due while the scheduler was down still happens.
 */
public final class QuartzRefire {

    /** JobDataMap key carrying how many times this fire has been deferred. */
    public static final String KEY_ATTEMPT = "ringrift.attempt";
    /** JobDataMap key carrying when the original fire was first deferred (epoch ms). */
    public static final String KEY_FIRST_DEFERRED_AT = "ringrift.firstDeferredAt";
    /** Trigger group of re-fire triggers. */
    public static final String TRIGGER_GROUP = "ringrift-refire";

    private QuartzRefire() {
    }

    /**
     * Schedules the job to fire at {@code at} (now when null).
     *
     * @return the trigger's key
     * @throws SchedulerException when the job is gone or the store fails
     */
    public static TriggerKey schedule(Scheduler scheduler, JobKey job, Map<String, String> data, int attempt,
                                      Date at, int priority) throws SchedulerException {
        return schedule(scheduler, job, data, attempt, at, priority,
                TriggerKey.triggerKey(job.getName() + "-" + java.util.UUID.randomUUID(), TRIGGER_GROUP));
    }

    /**
     * As {@link #schedule(Scheduler, JobKey, Map, int, Date, int)} with a given trigger key: a
     * second call with the same key fails with {@link org.quartz.ObjectAlreadyExistsException},
     * which makes a retried re-fire idempotent.
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
