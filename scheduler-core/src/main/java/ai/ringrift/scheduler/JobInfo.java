package ai.ringrift.scheduler;

import ai.ringrift.scheduler.model.JobDeclaration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.quartz.JobKey;
import org.quartz.Trigger.TriggerState;

/**
 * A registered job as the job store holds it.
 *
 * @param name          job name
 * @param group         job group
 * @param jobClass      fully qualified class name
 * @param description   free text, may be empty
 * @param declaration   the stored declaration (or the class's {@code @Guarded} when none was stored)
 * @param parameters    the job's own parameters (the JobDataMap without {@code ringrift.*} keys)
 * @param schedule      the schedule in words, e.g. {@code cron 0 0 * * * ?}, {@code every 10m}; {@code none}
 * @param nextFireTime  the earliest next fire time of the job's triggers, or {@code null} when none
 * @param state         the state of the job's schedule trigger: NORMAL, PAUSED, BLOCKED, ...; NONE when
 *                      it has no trigger left (a one-shot that ran)
 */
public record JobInfo(String name, String group, String jobClass, String description, JobDeclaration declaration,
                      Map<String, String> parameters, String schedule, Instant nextFireTime, TriggerState state) {

    public JobInfo {
        parameters = Map.copyOf(parameters);
    }

    public JobKey key() {
        return JobKey.jobKey(name, group);
    }

    public Optional<Instant> nextFire() {
        return Optional.ofNullable(nextFireTime);
    }
}
