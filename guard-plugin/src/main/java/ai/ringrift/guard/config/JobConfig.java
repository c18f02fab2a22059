package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Misfire;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.quartz.CronExpression;

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
 * @param recover    whether a fire cut short by its node's death runs again, once, on whichever node notices
 *                   (Quartz requestsRecovery); {@code null}: the class's {@code @Guarded(recover)}, else false
 * @param misfire    what happens to fire times missed by more than {@code quartz.misfireThreshold} (YAML
 *                   {@code fireOnce}, {@code skip}, {@code fireAll}); {@code null}: the schedule's default
 *                   ({@link Misfire#defaultFor}: cron and once fireOnce, interval skip)
 */
public record JobConfig(String name, String className, String cron, Duration interval, boolean once,
                        Priority priority, ResourceNeeds needs, Map<String, String> parameters,
                        ResizableConfig resizable, Set<Resource> relieves, boolean enabled,
                        Boolean recover, Misfire misfire) implements Checked {

    public JobConfig {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
        relieves = relieves == null || relieves.isEmpty()
                ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(relieves));
        priority = priority == null ? Priority.NORMAL : priority;
        needs = needs == null ? ResourceNeeds.NONE : needs;
    }

    /** The least interval between two fires of a job. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /**
     * The rules of one job that need nothing but the job: a name, exactly one schedule (a valid
     * Quartz cron expression, an interval of at least 1s, or once), a consistent resizable
     * parameter, a misfire policy the schedule can have. Unique names, loadable classes and needs that fit the host are
     * {@link ConfigValidator}'s.
     */
    @Override
    public void check(Problems p, String path) {
        if (name.isEmpty()) {
            p.error(path + ".name", "is required: a unique name for the job");
        }
        schedule(p, path, this);
        resizable(p, path, this);
        if (misfire != null) {
            misfire.refusal(once).ifPresent(m -> p.error(path + ".misfire", m));
        }
    }

    private static void schedule(Problems p, String base, JobConfig j) {
        int n = (j.cron() != null ? 1 : 0) + (j.interval() != null ? 1 : 0) + (j.once() ? 1 : 0);
        if (n == 0) {
            p.error(base, "job '" + ConfigLimits.quote(j.name()) + "' has no schedule: give one of cron, interval or once: true");
        } else if (n > 1) {
            StringBuilder given = new StringBuilder();
            if (j.cron() != null) {
                given.append("cron");
            }
            if (j.interval() != null) {
                given.append(given.length() > 0 ? " and " : "").append("interval");
            }
            if (j.once()) {
                given.append(given.length() > 0 ? " and " : "").append("once");
            }
            p.error(base, "job '" + ConfigLimits.quote(j.name()) + "' has " + given + ": give exactly one of cron, interval, once");
        }
        if (j.cron() != null) {
            try {
                CronExpression.validateExpression(j.cron());
            } catch (ParseException e) {
                p.error(base + ".cron", "invalid cron expression '" + ConfigLimits.quote(j.cron()) + "': " + e.getMessage()
                        + " (Quartz cron: seconds minutes hours day-of-month month day-of-week [year],"
                        + " e.g. '0 0/5 * * * ?')");
            }
        }
        if (j.interval() != null && j.interval().compareTo(MIN_INTERVAL) < 0) {
            p.error(base + ".interval", "must be at least 1s (was " + Checks.duration(j.interval()) + ")");
        }
    }

    private static void resizable(Problems p, String base, JobConfig j) {
        ResizableConfig r = j.resizable();
        if (r == null || r.param().isEmpty()) {
            return;
        }
        String minPath = base + ".resizable.min";
        boolean minOk = r.min() >= 1;
        if (!minOk) {
            p.error(minPath, "must be at least 1 (was " + r.min() + ")");
        }
        String value = j.parameters().get(r.param());
        if (value == null) {
            p.error(base + ".resizable.param", "names '" + ConfigLimits.quote(r.param()) + "', which is not in " + base
                    + ".parameters: add it there with the full-size value (e.g. " + r.param() + ": \"100\")");
            return;
        }
        String valuePath = base + ".parameters." + r.param();
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            p.error(valuePath, "must be a whole number, because it is the resizable parameter (was '"
                    + value + "')");
            return;
        }
        if (minOk && r.min() > v) {
            p.error(minPath, "minimum " + r.min() + " is above the value of " + r.param() + " (" + v + ")");
        }
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
