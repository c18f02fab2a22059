package ai.ringrift.guard.config;

import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of {@code jobs}. Exactly one of {@code cron}, {@code interval}, {@code once} is set in a
 * valid configuration (see {@link #schedule()}).
 *
 * @param name       unique job name (Quartz job key name)
 * @param className  fully qualified class implementing {@code org.quartz.Job} (YAML key {@code class})
 * @param cron       Quartz cron expression, or {@code null}
 * @param interval   fixed interval, or {@code null}
 * @param once       run once at start
 * @param priority   default NORMAL
 * @param needs      resources one run needs (default none)
 * @param parameters strings handed to the job in its JobDataMap
 * @param resizable  the parameter the guard may shrink, or {@code null}
 * @param relieves   resources the job frees (e.g. disk for a cleanup job)
 * @param enabled    scheduled at all (default true)
 */
public record JobConfig(String name, String className, String cron, Duration interval, boolean once,
                        Priority priority, ResourceNeeds needs, Map<String, String> parameters,
                        ResizableConfig resizable, Set<Resource> relieves, boolean enabled) {

    public JobConfig {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
        relieves = relieves == null || relieves.isEmpty()
                ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(relieves));
        priority = priority == null ? Priority.NORMAL : priority;
        needs = needs == null ? ResourceNeeds.NONE : needs;
    }

    /** The schedule; {@link IllegalStateException} when not exactly one of cron, interval, once is set. */
    public JobSchedule schedule() {
        int n = (cron != null ? 1 : 0) + (interval != null ? 1 : 0) + (once ? 1 : 0);
        if (n != 1) {
            throw new IllegalStateException("job '" + name + "' needs exactly one of cron, interval, once");
        }
        if (cron != null) {
            return new JobSchedule.Cron(cron);
        }
        return interval != null ? new JobSchedule.Every(interval) : new JobSchedule.Once();
    }

    public Optional<ResizableConfig> resizableParam() {
        return Optional.ofNullable(resizable);
    }

    /** What the guard needs to know about this job. */
    public JobDeclaration toJobDeclaration() {
        return new JobDeclaration(priority, needs, resizable == null ? null : resizable.param(),
                resizable == null ? JobDeclaration.DEFAULT_RESIZABLE_MIN : resizable.min(), relieves);
    }
}
