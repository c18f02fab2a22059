package ai.ringrift.scheduler;

import ai.ringrift.db.Database;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.Trigger.TriggerState;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent Quartz scheduler over the {@link Database}: {@code JobStoreTX} on the database pool
 * ({@code StdJDBCDelegate} on H2, {@code PostgreSQLDelegate} and clustering on PostgreSQL), with
 * {@code useProperties=true} so the JobDataMap holds strings only.
 *
 * <p>Jobs are registered from {@link JobSpec}s as <em>durable</em> jobs whose JobDataMap holds the
 * declaration ({@code ringrift.*} keys, see {@link JobDeclaration#writeTo}) and the parameters;
 * the schedule trigger has the job's name and group and the priority's Quartz priority. Everything
 * survives a restart. The {@link Database} is put into the Quartz {@code SchedulerContext} under
 * {@link #CONTEXT_DATABASE} before any plugin starts, so jobs, listeners and plugins find it
 * (see {@link #databaseOf(Scheduler)}).
 *
 * <p>Jobs are addressed by name; an unknown name is an {@link IllegalArgumentException} listing the
 * registered names. Quartz failures become {@link SchedulerOperationException}s naming the job.
 */
public final class GuardedScheduler {

    /** SchedulerContext key of the {@link Database}. */
    public static final String CONTEXT_DATABASE = ContextKeys.DATABASE;
    /** SchedulerContext key of the data directory jobs write under (a String path; {@code sampling.dataDir}). */
    public static final String CONTEXT_DATA_DIR = ContextKeys.DATA_DIR;
    /** Trigger data key carrying the attempt number of a {@link #refire refire}. */
    public static final String KEY_ATTEMPT = "ringrift.attempt";
    /** JobDataMap key holding the job's {@link Schedule#spec()}. */
    public static final String KEY_SCHEDULE = "ringrift.schedule";

    private static final Logger LOG = LoggerFactory.getLogger(GuardedScheduler.class);

    private final Database database;
    private final SchedulerSettings settings;
    private final Scheduler quartz;

    private GuardedScheduler(Database database, SchedulerSettings settings, Scheduler quartz) {
        this.database = database;
        this.settings = settings;
        this.quartz = quartz;
    }

    /**
     * Creates the scheduler in standby (call {@link #start()}); plugins and listeners from
     * {@code settings.extra()} are initialized here. The database must be migrated.
     *
     * @throws IllegalStateException when a scheduler with the same instance name runs in this JVM
     * @throws IllegalArgumentException when the pool is too small for the thread count
     */
    public static GuardedScheduler create(Database database, SchedulerSettings settings) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(settings, "settings");
        String name = settings.instanceName();
        int needed = SchedulerSettings.connectionsNeeded(settings.threadCount());
        if (database.settings().poolSize() < needed) {
            throw new IllegalArgumentException("database.poolSize is " + database.settings().poolSize()
                    + " but a scheduler with " + settings.threadCount() + " threads needs at least " + needed
                    + " connections (workers + scheduler thread, misfire handler, cluster check-in):"
                    + " raise database.poolSize or lower scheduler.threadCount");
        }
        synchronized (GuardedScheduler.class) {
            if (SchedulerRepository.getInstance().lookup(name) != null) {
                throw new IllegalStateException("a Quartz scheduler named '" + name + "' already runs in this JVM:"
                        + " shut it down first or give this one another instanceName");
            }
            DBConnectionManager.getInstance().addConnectionProvider(QuartzProperties.dataSourceName(settings),
                    new DatabaseConnectionProvider(database));
            try {
                Scheduler quartz = new StdSchedulerFactory(QuartzProperties.of(database, settings)).getScheduler();
                quartz.getContext().put(CONTEXT_DATABASE, database);
                LOG.info("Quartz scheduler '{}' ({}) on {} ({}, clustered={})", name, quartz.getSchedulerInstanceId(),
                        database.describe(), database.vendor(),
                        QuartzProperties.clustered(database.vendor(), settings.clustered()));
                return new GuardedScheduler(database, settings, quartz);
            } catch (SchedulerException e) {
                throw new SchedulerOperationException("cannot create the Quartz scheduler '" + name + "' on "
                        + database.describe() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The {@link Database} a {@link GuardedScheduler} put into this Quartz scheduler's context. */
    public static Database databaseOf(Scheduler scheduler) {
        try {
            Object db = scheduler.getContext().get(CONTEXT_DATABASE);
            if (db instanceof Database d) {
                return d;
            }
            throw new IllegalStateException("Quartz scheduler '" + scheduler.getSchedulerName()
                    + "' has no " + CONTEXT_DATABASE + " in its context: it was not created by GuardedScheduler");
        } catch (SchedulerException e) {
            throw new SchedulerOperationException("cannot read the scheduler context: " + e.getMessage(), e);
        }
    }

    /** Starts firing triggers (and starts plugins). */
    public void start() {
        call("start the scheduler", () -> {
            quartz.start();
            return null;
        });
    }

    /**
     * Stores the job (durable) and its schedule trigger. Registering a name again with a changed
     * definition (class, description, declaration, parameters, recovery, misfire policy, schedule: see
     * {@link JobDefinition}) replaces the job and its trigger; a paused schedule stays paused.
     * Registering an <em>unchanged</em> definition (every start of every node) leaves the stored
     * trigger as it is: the schedule keeps its rhythm and no fire time is decided twice, and a
     * one-shot job whose trigger has already fired is not armed again.
     */
    public JobInfo register(JobSpec spec) {
        Objects.requireNonNull(spec, "spec");
        JobKey key = JobKey.jobKey(spec.name(), spec.group());
        String fingerprint = JobDefinition.fingerprint(spec);
        JobDataMap data = new JobDataMap();
        spec.declaration().writeTo(data);
        data.putAll(spec.parameters());
        data.put(KEY_SCHEDULE, spec.schedule().spec());
        data.put(JobDefinition.KEY, fingerprint);
        JobDetail detail = JobBuilder.newJob(spec.jobClass())
                .withIdentity(key)
                .withDescription(spec.description().isEmpty() ? null : spec.description())
                .storeDurably()
                .requestRecovery(spec.recover())
                .usingJobData(data)
                .build();
        Trigger trigger = Triggers.forSchedule(key, spec.schedule(), spec.declaration().priority(), spec.misfire());
        call("register job '" + spec.name() + "'", () -> {
            if (unchanged(key, fingerprint)) {
                keepSchedule(spec, trigger);
                return null;
            }
            quartz.addJob(detail, true);
            try {
                schedule(trigger);
            } catch (ObjectAlreadyExistsException raced) {
                // another node stored its trigger between our check and insert (both starting on an empty
                // store): ours has the same definition (we just stored it), so theirs stays
                LOG.debug("job {}: another node armed it first; its trigger stays", key);
            }
            return null;
        });
        return find(key).orElseThrow();
    }

    private void schedule(Trigger trigger) throws SchedulerException {
        TriggerKey tk = trigger.getKey();
        if (quartz.checkExists(tk)) {
            boolean paused = quartz.getTriggerState(tk) == TriggerState.PAUSED;
            quartz.rescheduleJob(tk, trigger);
            if (paused) {
                quartz.pauseTrigger(tk);
            }
        } else {
            quartz.scheduleJob(trigger);
        }
    }

    private boolean unchanged(JobKey key, String fingerprint) throws SchedulerException {
        JobDetail stored = quartz.getJobDetail(key);
        return stored != null && fingerprint.equals(stored.getJobDataMap().get(JobDefinition.KEY));
    }

    /**
     * The stored job has this definition: its trigger stays. A repeating schedule whose trigger is
     * gone (deleted by hand) is armed again; a one-shot's missing trigger means it already fired.
     */
    private void keepSchedule(JobSpec spec, Trigger trigger) throws SchedulerException {
        if (quartz.checkExists(trigger.getKey())) {
            LOG.debug("job {} unchanged: its schedule stays as stored", trigger.getJobKey());
        } else if (spec.schedule() instanceof Schedule.Once) {
            LOG.info("job {} unchanged and its one-shot trigger already fired: not armed again"
                    + " (change its definition, or use 'ringrift jobs trigger', to run it again)", trigger.getJobKey());
        } else {
            try {
                quartz.scheduleJob(trigger);
            } catch (ObjectAlreadyExistsException raced) {
                // another node armed it between our check and insert: theirs stays
            }
        }
    }

    /** Removes the job and all its triggers. */
    public void unregister(String name) {
        JobKey key = resolve(name);
        call("unregister job '" + name + "'", () -> quartz.deleteJob(key));
    }

    /**
     * Fires the job now, once, with {@code params} added to (and overriding) its parameters.
     *
     * @return the key of the one-shot trigger
     */
    public TriggerKey trigger(String name, Map<String, String> params) {
        JobKey key = resolve(name);
        return fireNow(key, "manual", checkData(name, params));
    }

    /**
     * Fires {@code key} now, once, with {@code data} and {@link #KEY_ATTEMPT} = {@code attempt} in the
     * trigger's data (used to run deferred work again).
     *
     * @return the key of the one-shot trigger
     */
    public TriggerKey refire(JobKey key, Map<String, String> data, int attempt) {
        Objects.requireNonNull(key, "key");
        if (attempt < 0) {
            throw new IllegalArgumentException("refire of " + key + ": attempt must be >= 0, was " + attempt);
        }
        if (!call("look up job " + key, () -> quartz.checkExists(key))) {
            throw new IllegalArgumentException("no job " + key + " to refire (registered: " + registeredNames() + ")");
        }
        Map<String, String> all = new LinkedHashMap<>(checkData(key.getName(), data));
        all.put(KEY_ATTEMPT, Integer.toString(attempt));
        return fireNow(key, "attempt-" + attempt, all);
    }

    private TriggerKey fireNow(JobKey key, String kind, Map<String, String> data) {
        Priority priority = find(key).map(i -> i.declaration().priority()).orElse(Priority.NORMAL);
        Trigger t = Triggers.oneShotNow(key, kind, data, priority);
        call("fire job " + key, () -> quartz.scheduleJob(t));
        return t.getKey();
    }

    private static Map<String, String> checkData(String job, Map<String, String> data) {
        if (data == null) {
            return Map.of();
        }
        data.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("trigger data for job '" + job + "': key '" + k
                        + "' has no value (the job store keeps strings only)");
            }
        });
        return data;
    }

    /** Pauses all of the job's triggers. */
    public void pause(String name) {
        JobKey key = resolve(name);
        call("pause job '" + name + "'", () -> {
            quartz.pauseJob(key);
            return null;
        });
    }

    /** Resumes all of the job's triggers. */
    public void resume(String name) {
        JobKey key = resolve(name);
        call("resume job '" + name + "'", () -> {
            quartz.resumeJob(key);
            return null;
        });
    }

    /** Every job in the store, sorted by group and name. */
    public List<JobInfo> list() {
        List<JobKey> keys = call("list jobs", () -> new ArrayList<>(quartz.getJobKeys(GroupMatcher.anyJobGroup())));
        keys.sort(Comparator.comparing(JobKey::getGroup).thenComparing(JobKey::getName));
        List<JobInfo> out = new ArrayList<>();
        for (JobKey k : keys) {
            find(k).ifPresent(out::add);
        }
        return out;
    }

    /** The job named {@code name} (in any group), if registered. */
    public Optional<JobInfo> find(String name) {
        Objects.requireNonNull(name, "name");
        List<JobKey> keys = keysNamed(name);
        return keys.isEmpty() ? Optional.empty() : find(keys.get(0));
    }

    /** The job with this key, if registered. */
    public Optional<JobInfo> find(JobKey key) {
        return call("read job " + key, () -> {
            JobDetail d = quartz.getJobDetail(key);
            if (d == null) {
                return Optional.<JobInfo>empty();
            }
            Map<String, Object> map = d.getJobDataMap().getWrappedMap();
            JobDeclaration declaration = JobDeclaration.isPresentIn(map)
                    ? JobDeclaration.readFrom(map) : JobDeclaration.forClass(d.getJobClass());
            Map<String, String> params = new TreeMap<>();
            map.forEach((k, v) -> {
                if (!k.startsWith(JobDeclaration.KEY_PREFIX)) {
                    params.put(k, String.valueOf(v));
                }
            });
            List<Trigger> triggers = new ArrayList<>(quartz.getTriggersOfJob(key));
            TriggerKey sk = Triggers.scheduleKey(key);
            Trigger main = triggers.stream().filter(t -> t.getKey().equals(sk)).findFirst()
                    .orElse(triggers.isEmpty() ? null : triggers.get(0));
            TriggerState state = main == null ? TriggerState.NONE : quartz.getTriggerState(main.getKey());
            Instant next = triggers.stream().map(Trigger::getNextFireTime).filter(Objects::nonNull)
                    .min(Date::compareTo).map(Date::toInstant).orElse(null);
            Object spec = map.get(KEY_SCHEDULE);
            String schedule = spec != null ? Schedule.parse(String.valueOf(spec)).toString()
                    : main != null ? Triggers.describe(main) : "none";
            return Optional.of(new JobInfo(key.getName(), key.getGroup(), d.getJobClass().getName(),
                    d.getDescription() == null ? "" : d.getDescription(), declaration, params, schedule, next, state));
        });
    }

    /** The key of the job named {@code name}; an unknown or ambiguous name is an IllegalArgumentException. */
    public JobKey resolve(String name) {
        Objects.requireNonNull(name, "name");
        List<JobKey> keys = keysNamed(name);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no job named '" + name + "' (registered: " + registeredNames() + ")");
        }
        if (keys.size() > 1) {
            throw new IllegalArgumentException("job name '" + name + "' is ambiguous: it exists as "
                    + keys.stream().map(JobKey::toString).sorted().collect(Collectors.joining(", "))
                    + "; use the JobKey methods");
        }
        return keys.get(0);
    }

    private List<JobKey> keysNamed(String name) {
        return call("look up job '" + name + "'", () -> quartz.getJobKeys(GroupMatcher.anyJobGroup()).stream()
                .filter(k -> k.getName().equals(name)).collect(Collectors.toList()));
    }

    private String registeredNames() {
        String names = call("list jobs", () -> quartz.getJobKeys(GroupMatcher.anyJobGroup()).stream()
                .map(JobKey::getName).sorted().distinct().collect(Collectors.joining(", ")));
        return names.isEmpty() ? "none" : names;
    }

    /** The underlying Quartz scheduler (for listeners, plugins and anything not wrapped here). */
    public Scheduler quartz() {
        return quartz;
    }

    /** The database the job store lives in. */
    public Database database() {
        return database;
    }

    /** The settings this scheduler was created with. */
    public SchedulerSettings settings() {
        return settings;
    }

    /** True after {@link #start()} and before {@link #shutdown(boolean)}. */
    public boolean isRunning() {
        return call("read the scheduler state", () -> quartz.isStarted() && !quartz.isShutdown()
                && !quartz.isInStandbyMode());
    }

    /**
     * Stops the scheduler; with {@code waitForJobs} it waits for running jobs to finish. The
     * {@link Database} stays open (its owner closes it).
     */
    public void shutdown(boolean waitForJobs) {
        call("shut down the scheduler", () -> {
            quartz.shutdown(waitForJobs);
            return null;
        });
    }

    @FunctionalInterface
    private interface QuartzCall<T> {
        T run() throws SchedulerException;
    }

    private <T> T call(String what, QuartzCall<T> body) {
        try {
            return body.run();
        } catch (SchedulerException e) {
            throw new SchedulerOperationException("cannot " + what + " in scheduler '" + settings.instanceName()
                    + "' on " + database.describe() + ": " + e.getMessage(), e);
        }
    }
}
