package ai.ringrift.scheduler.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.quartz.Job;

/**
 * What to register with the scheduler: a Quartz job class, when it runs, its declaration (priority,
 * needs, resizable parameter, relieved resources) and its parameters. Build with
 * {@link #builder(String, Class)}; validation happens in {@link Builder#build()} (and in the
 * canonical constructor), with messages naming the job and the field.
 *
 * <p>The declaration comes from {@link Builder#declaration(JobDeclaration)} when given, otherwise
 * from {@link Guarded @Guarded} on the class; the single-field setters ({@link Builder#priority},
 * {@link Builder#needs}, {@link Builder#resizable}, {@link Builder#relieves}) override that base.
 * A spec always wins over the annotation.
 *
 * @param name        job name, unique within the group
 * @param group       job group, default {@value #DEFAULT_GROUP}
 * @param jobClass    the Quartz job class (public, concrete, with a public no-argument constructor)
 * @param schedule    when it runs
 * @param declaration what the guard needs to know
 * @param parameters  string parameters the job reads from its JobDataMap
 * @param description free text, may be empty
 * @param recover     whether a fire that was running when its node died is run again (Quartz
 *                    {@code requestsRecovery}): by whichever node notices the death (a cluster peer, or the
 *                    restarted node itself). Default: {@link Guarded#recover()} on the class, else false
 * @param misfire     what happens to fire times missed by more than the misfire threshold (Quartz's misfire
 *                    instruction); {@code null}: {@link Misfire#defaultFor(Schedule)} (cron and one-shot
 *                    {@link Misfire#FIRE_ONCE}, interval {@link Misfire#SKIP}). {@link Misfire#FIRE_ALL} is
 *                    refused for a one-shot schedule
 */
public record JobSpec(String name, String group, Class<? extends Job> jobClass, Schedule schedule,
                      JobDeclaration declaration, Map<String, String> parameters, String description,
                      boolean recover, Misfire misfire) {

    /** The group jobs go to unless told otherwise. */
    public static final String DEFAULT_GROUP = "ringrift";
    /** Longest name or group accepted (Quartz columns hold 200; derived trigger names add a suffix). */
    public static final int MAX_NAME_LENGTH = 150;
    /** Longest description accepted (the Quartz column holds 250). */
    public static final int MAX_DESCRIPTION_LENGTH = 250;

    /** A spec whose {@link #recover()} comes from {@link Guarded @Guarded} on the class (false without it). */
    public JobSpec(String name, String group, Class<? extends Job> jobClass, Schedule schedule,
                   JobDeclaration declaration, Map<String, String> parameters, String description) {
        this(name, group, jobClass, schedule, declaration, parameters, description, recoverOf(jobClass), null);
    }

    /** A spec whose {@link #misfire()} is the schedule's default ({@link Misfire#defaultFor(Schedule)}). */
    public JobSpec(String name, String group, Class<? extends Job> jobClass, Schedule schedule,
                   JobDeclaration declaration, Map<String, String> parameters, String description, boolean recover) {
        this(name, group, jobClass, schedule, declaration, parameters, description, recover, null);
    }

    /** {@link Guarded#recover()} of the class, false when it has no annotation. */
    public static boolean recoverOf(Class<?> jobClass) {
        Guarded g = jobClass == null ? null : jobClass.getAnnotation(Guarded.class);
        return g != null && g.recover();
    }

    public JobSpec {
        name = checkName("job name", name, null);
        group = checkName("job '" + name + "': group", group == null ? DEFAULT_GROUP : group, name);
        String job = "job '" + name + "'";
        if (jobClass == null) {
            throw new IllegalArgumentException(job + ": job class is missing: give a class implementing org.quartz.Job");
        }
        checkInstantiable(job, jobClass);
        if (schedule == null) {
            throw new IllegalArgumentException(job + ": schedule is missing: give Schedule.cron(\"0 0 * * * ?\"), "
                    + "Schedule.interval(Duration.ofMinutes(10)) or Schedule.once()");
        }
        if (declaration == null) {
            declaration = JobDeclaration.forClass(jobClass);
        }
        misfire = misfire == null ? Misfire.defaultFor(schedule) : misfire;
        Optional<String> refused = misfire.refusal(schedule instanceof Schedule.Once);
        if (refused.isPresent()) {
            throw new IllegalArgumentException(job + ": misfire " + refused.get());
        }
        parameters = checkParameters(job, parameters);
        checkResizable(job, declaration, parameters);
        description = description == null ? "" : description.trim();
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException(job + ": description is " + description.length()
                    + " characters long, at most " + MAX_DESCRIPTION_LENGTH + " are allowed");
        }
    }

    /** Starts a spec for {@code jobClass} named {@code name}. */
    public static Builder builder(String name, Class<? extends Job> jobClass) {
        return new Builder(name, jobClass);
    }

    /** A builder starting from this spec (to change a field and register again). */
    public Builder toBuilder() {
        Builder b = new Builder(name, jobClass).group(group).schedule(schedule).declaration(declaration)
                .description(description).recover(recover);
        if (misfire != Misfire.defaultFor(schedule)) {
            // a chosen policy stays; the default follows a changed schedule
            b.misfire(misfire);
        }
        b.parameters.putAll(parameters);
        return b;
    }

    private static String checkName(String what, String value, String job) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is missing: give a non-blank name");
        }
        String v = value.trim();
        if (v.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + " '" + v + "' is " + v.length() + " characters long, at most "
                    + MAX_NAME_LENGTH + " are allowed");
        }
        return v;
    }

    private static void checkInstantiable(String job, Class<?> type) {
        int m = type.getModifiers();
        if (type.isInterface() || Modifier.isAbstract(m) || !Modifier.isPublic(m)
                || type.getEnclosingClass() != null && !Modifier.isStatic(m)) {
            throw new IllegalArgumentException(job + ": job class " + type.getName()
                    + " must be a public, concrete (static if nested) class: Quartz creates one instance per run");
        }
        try {
            Constructor<?> c = type.getConstructor();
            if (!Modifier.isPublic(c.getModifiers())) {
                throw new NoSuchMethodException();
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(job + ": job class " + type.getName()
                    + " needs a public no-argument constructor: Quartz creates one instance per run");
        }
    }

    private static Map<String, String> checkParameters(String job, Map<String, String> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException(job + ": a parameter has no name");
            }
            if (k.startsWith(JobDeclaration.KEY_PREFIX)) {
                throw new IllegalArgumentException(job + ": parameter '" + k + "' uses the reserved prefix '"
                        + JobDeclaration.KEY_PREFIX + "': choose another name");
            }
            if (v == null) {
                throw new IllegalArgumentException(job + ": parameter '" + k + "' has no value");
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void checkResizable(String job, JobDeclaration declaration, Map<String, String> parameters) {
        String param = declaration.resizableParam();
        if (param == null) {
            return;
        }
        int min = declaration.resizableMin();
        String value = parameters.get(param);
        if (value == null) {
            throw new IllegalArgumentException(job + ": resizable parameter '" + param
                    + "' is missing from the parameters: add it with an integer value >= " + min);
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(job + ": resizable parameter '" + param
                    + "' must be an integer >= " + min + ", was '" + value + "'");
        }
        if (n < min || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(job + ": resizable parameter '" + param + "' is " + n
                    + ", it must be an integer >= its minimum " + min + " (and <= " + Integer.MAX_VALUE + ")");
        }
    }

    /** Builds a {@link JobSpec}; every setter returns the builder. */
    public static final class Builder {
        private final String name;
        private final Class<? extends Job> jobClass;
        private String group = DEFAULT_GROUP;
        private Schedule schedule;
        private JobDeclaration declaration;
        private Priority priority;
        private ResourceNeeds needs;
        private String resizableParam;
        private Integer resizableMin;
        private Set<Resource> relieves;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private String description = "";
        private Boolean recover;
        private Misfire misfire;

        private Builder(String name, Class<? extends Job> jobClass) {
            this.name = name;
            this.jobClass = jobClass;
        }

        public Builder group(String value) {
            this.group = value;
            return this;
        }

        public Builder schedule(Schedule value) {
            this.schedule = value;
            return this;
        }

        /** Shorthand for {@code schedule(Schedule.cron(expression))}. */
        public Builder cron(String expression) {
            return schedule(Schedule.cron(expression));
        }

        /** Shorthand for {@code schedule(Schedule.interval(every))}. */
        public Builder every(java.time.Duration every) {
            return schedule(Schedule.interval(every));
        }

        /** The whole declaration; without it {@code @Guarded} on the class (or the defaults) is used. */
        public Builder declaration(JobDeclaration value) {
            this.declaration = value;
            return this;
        }

        /** Overrides the declaration's priority. */
        public Builder priority(Priority value) {
            this.priority = Objects.requireNonNull(value, "priority");
            return this;
        }

        /** Overrides the declaration's resource needs. */
        public Builder needs(ResourceNeeds value) {
            this.needs = Objects.requireNonNull(value, "needs");
            return this;
        }

        /** Overrides the declaration's resizable parameter and its minimum. */
        public Builder resizable(String param, int min) {
            this.resizableParam = param;
            this.resizableMin = min;
            return this;
        }

        /** Overrides the resources this job relieves. */
        public Builder relieves(Resource... resources) {
            this.relieves = resources.length == 0 ? Set.of() : EnumSet.of(resources[0], resources);
            return this;
        }

        public Builder parameter(String key, String value) {
            this.parameters.put(key, value);
            return this;
        }

        public Builder parameters(Map<String, String> values) {
            this.parameters.putAll(values);
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        /** Whether a fire cut short by its node's death runs again (default: {@link Guarded#recover()}). */
        public Builder recover(boolean value) {
            this.recover = value;
            return this;
        }

        /**
         * What happens to fire times missed by more than the misfire threshold; {@code null} (the default):
         * {@link Misfire#defaultFor(Schedule) the schedule's}.
         */
        public Builder misfire(Misfire value) {
            this.misfire = value;
            return this;
        }

        /** Validates and builds; the message of any {@link IllegalArgumentException} names the job. */
        public JobSpec build() {
            JobDeclaration d = declaration;
            if (d == null && jobClass != null) {
                d = JobDeclaration.forClass(jobClass);
            }
            if (d != null) {
                d = override(d);
            }
            return new JobSpec(name, group, jobClass, schedule, d, parameters, description,
                    recover != null ? recover : recoverOf(jobClass), misfire);
        }

        private JobDeclaration override(JobDeclaration d) {
            try {
                return new JobDeclaration(priority != null ? priority : d.priority(), needs != null ? needs : d.needs(),
                        resizableParam != null ? resizableParam : d.resizableParam(),
                        resizableMin != null ? resizableMin : d.resizableMin(),
                        relieves != null ? relieves : d.relieves());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("job '" + name + "': " + e.getMessage(), e);
            }
        }
    }
}
