package ai.ringrift.guard.quartz;

import ai.ringrift.db.Database;
import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.LoadResult;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.runtime.GuardOptions;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.guard.settings.InvalidSettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.quartz.Scheduler;
import org.quartz.SchedulerConfigException;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.EverythingMatcher;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.SchedulerPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource guard as a drop-in Quartz plugin, enabled by properties alone:
 * <pre>
 * org.quartz.plugin.guard.class = ai.ringrift.guard.quartz.GuardPlugin
 * org.quartz.plugin.guard.configFile = guard.yaml
 * </pre>
 * {@link #initialize} validates {@code guard.yaml} (every problem reported, nothing started on
 * an error) and registers the trigger and job listeners; it does no database work. {@link #start}
 * starts the guard: the database is the one in the SchedulerContext under
 * {@code ringrift.database} (set by {@code GuardedScheduler}), else the one {@code guard.yaml}
 * names (opened and migrated by the plugin); then the sampler, audit log, JobRunr and metrics.
 * {@link #shutdown} stops them in reverse order. The running {@link Guard} is published in the
 * SchedulerContext under {@link Guard#CONTEXT_KEY}.
 */
public class GuardPlugin implements SchedulerPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(GuardPlugin.class);
    /** SchedulerContext key of the Database (same as GuardedScheduler.CONTEXT_DATABASE). */
    public static final String CONTEXT_DATABASE = "ringrift.database";
    /**
     * SchedulerContext key of a validated {@link GuardConfig} to use instead of {@code configFile}
     * (the {@code ringrift run} daemon loads and validates the file itself, then passes it here).
     */
    public static final String CONTEXT_CONFIG = "ringrift.guard.config";

    private String configFile;
    private boolean startHttp = true;
    private String name;
    private Scheduler scheduler;
    private GuardConfig config;
    private volatile Guard guard;
    private volatile FireGate gate;
    private Database ownDatabase;

    /** Path of guard.yaml (Quartz sets it from {@code org.quartz.plugin.NAME.configFile}). */
    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    /** Whether to start the metrics/status HTTP endpoint ({@code org.quartz.plugin.NAME.startHttp}). */
    public void setStartHttp(boolean startHttp) {
        this.startHttp = startHttp;
    }

    @Override
    public void initialize(String pluginName, Scheduler sched, ClassLoadHelper loadHelper) throws SchedulerException {
        this.name = pluginName;
        this.scheduler = sched;
        this.config = loadConfig(configFile);
        sched.getListenerManager().addTriggerListener(
                new GuardTriggerListener("ringrift-guard-" + pluginName, () -> gate), EverythingMatcher.allTriggers());
        sched.getListenerManager().addJobListener(
                new GuardJobListener("ringrift-guard-outcomes-" + pluginName, () -> guard), EverythingMatcher.allJobs());
    }

    /** Loads and validates guard.yaml; defaults when no file is configured. */
    static GuardConfig loadConfig(String file) throws SchedulerConfigException {
        if (file == null || file.isBlank()) {
            return GuardConfig.defaults();
        }
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw new SchedulerConfigException("guard: config file " + path.toAbsolutePath()
                    + " does not exist (org.quartz.plugin.guard.configFile)");
        }
        LoadResult result = ConfigLoader.load(path);
        result.warnings().forEach(w -> LOG.warn("{}", w));
        if (!result.ok()) {
            throw new SchedulerConfigException("guard: " + path + " has " + result.errors().size() + " error(s):\n  "
                    + result.errors().stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        }
        return result.config();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void start() {
        try {
            SchedulerContext ctx = scheduler.getContext();
            if (ctx.get(CONTEXT_CONFIG) instanceof GuardConfig given) {
                config = given;
            }
            Database db = ctx.get(CONTEXT_DATABASE) instanceof Database d ? d : null;
            if (db == null) {
                ownDatabase = Database.openAndMigrate(config.database().toSettings());
                db = ownDatabase;
            }
            GuardOptions options = GuardOptions.defaults().withHttp(startHttp);
            if (ctx.get(Guard.CONTEXT_SOURCES) instanceof List<?> sources) {
                options = options.withSources((List<ReadingSource>) sources);
            }
            if (ctx.get(Guard.CONTEXT_CLOCK) instanceof Clock clock) {
                options = options.withClock(clock);
            }
            Guard g = Guard.start(config, db, options);
            g.attach(scheduler);
            ctx.put(Guard.CONTEXT_KEY, g);
            guard = g;
            gate = new FireGate(g);
            LOG.info("guard: started on node {} (plugin {}); dashboard {}; metrics {}", g.nodeId(), name,
                    g.jobrunr().flatMap(j -> j.dashboard()).map(d -> d.url()).orElse("off"),
                    g.http().map(h -> h.baseUri() + "/metrics").orElse("off"));
        } catch (InvalidSettingsException e) {
            // a configuration error: the caller of scheduler.start() reports it (once, every problem)
            throw e;
        } catch (SchedulerException | RuntimeException e) {
            // Quartz's start() cannot throw checked exceptions from plugins: fail loudly, the
            // listener then lets fires pass (logged) rather than leaving triggers stuck.
            LOG.error("guard: failed to start: {}", e.getMessage(), e);
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        gate = null;
        Guard g = guard;
        guard = null;
        if (g != null) {
            g.close();
        }
        if (ownDatabase != null) {
            ownDatabase.close();
            ownDatabase = null;
        }
    }

    /** The running guard, or null before start / after shutdown. */
    public Guard guard() {
        return guard;
    }
}
