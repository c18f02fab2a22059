package ai.ringrift.scheduler;

import ai.ringrift.scheduler.model.Misfire;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Schedule;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/** Builds Quartz triggers from {@link Schedule}s, and describes stored triggers in words. */
final class Triggers {

    private Triggers() {
    }

    /** The job's schedule trigger: same name and group as the job. */
    static TriggerKey scheduleKey(JobKey job) {
        return TriggerKey.triggerKey(job.getName(), job.getGroup());
    }

    /** The schedule trigger, with the Quartz misfire instruction of {@code misfire} (table in {@link Misfire}). */
    static Trigger forSchedule(JobKey job, Schedule schedule, Priority priority, Misfire misfire) {
        TriggerBuilder<Trigger> b = TriggerBuilder.newTrigger()
                .withIdentity(scheduleKey(job))
                .forJob(job)
                .withPriority(priority.quartzPriority())
                .withDescription(schedule.toString());
        if (schedule instanceof Schedule.Cron c) {
            CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(c.expression());
            cron = switch (misfire) {
                case FIRE_ONCE -> cron.withMisfireHandlingInstructionFireAndProceed();
                case SKIP -> cron.withMisfireHandlingInstructionDoNothing();
                case FIRE_ALL -> cron.withMisfireHandlingInstructionIgnoreMisfires();
            };
            return b.startNow().withSchedule(cron).build();
        }
        if (schedule instanceof Schedule.Interval i) {
            SimpleScheduleBuilder every = SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(i.every().toMillis())
                    .repeatForever();
            every = switch (misfire) {
                // fires now; the interval counts from this fire (Quartz has no "once now, keep the rhythm")
                case FIRE_ONCE -> every.withMisfireHandlingInstructionNowWithExistingCount();
                case SKIP -> every.withMisfireHandlingInstructionNextWithRemainingCount();
                case FIRE_ALL -> every.withMisfireHandlingInstructionIgnoreMisfires();
            };
            return b.startNow().withSchedule(every).build();
        }
        Schedule.Once o = (Schedule.Once) schedule;
        SimpleScheduleBuilder once = SimpleScheduleBuilder.simpleSchedule();
        once = switch (misfire) {
            case FIRE_ONCE -> once.withMisfireHandlingInstructionFireNow();
            // no next time after a single one: Quartz completes the trigger without firing it
            case SKIP -> once.withMisfireHandlingInstructionNextWithRemainingCount();
            case FIRE_ALL -> throw new IllegalArgumentException(misfire.refusal(true).orElseThrow());
        };
        return b.startAt(Date.from(o.at())).withSchedule(once).build();
    }

    /** A one-shot trigger firing now with extra data; its name is {@code JOB.KIND.RANDOM}. */
    static Trigger oneShotNow(JobKey job, String kind, Map<String, String> data, Priority priority) {
        String prefix = job.getName().length() > 150 ? job.getName().substring(0, 150) : job.getName();
        JobDataMap map = new JobDataMap();
        map.putAll(data);
        return TriggerBuilder.newTrigger()
                .withIdentity(prefix + "." + kind + "." + UUID.randomUUID().toString().substring(0, 8), job.getGroup())
                .forJob(job)
                .withPriority(priority.quartzPriority())
                .withDescription(kind)
                .usingJobData(map)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }

    /** Words for a stored trigger, for jobs registered without a stored schedule. */
    static String describe(Trigger t) {
        if (t instanceof CronTrigger c) {
            return "cron " + c.getCronExpression();
        }
        if (t instanceof SimpleTrigger s && s.getRepeatCount() != 0) {
            return Schedule.interval(java.time.Duration.ofMillis(s.getRepeatInterval())).toString();
        }
        if (t instanceof SimpleTrigger s) {
            return "once at " + s.getStartTime().toInstant();
        }
        return t.getClass().getSimpleName();
    }
}
