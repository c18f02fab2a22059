package ai.ringrift.spring;

import ai.ringrift.db.Database;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.quartz.GuardPlugin;
import ai.ringrift.guard.runtime.Guard;
import io.micrometer.core.instrument.MeterRegistry;
import org.quartz.Scheduler;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the guard on Spring's Quartz {@link Scheduler} as the drop-in {@link GuardPlugin} runs on a
 * plain one: its trigger and job listeners on the scheduler, its tables and JobRunr's in the
 * application's database, its meters in the application's registry. Starts just before Spring
 * starts the scheduler (so no fire passes unguarded) and stops just after the scheduler stopped
 * (so running fires still record their outcomes).
 */
public class RingriftGuardLifecycle implements SmartLifecycle {

    /** Below {@code SchedulerFactoryBean}'s phase ({@link SmartLifecycle#DEFAULT_PHASE}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;
    private static final String PLUGIN_NAME = "ringrift";

    private final Scheduler scheduler;
    private final GuardConfig config;
    private final Database database;
    private final MeterRegistry registry;
    private final GuardReadingSources sources;
    private final RingriftBootProperties properties;
    private volatile GuardPlugin plugin;

    public RingriftGuardLifecycle(Scheduler scheduler, GuardConfig config, Database database,
            MeterRegistry registry, GuardReadingSources sources, RingriftBootProperties properties) {
        this.scheduler = scheduler;
        this.config = config;
        this.database = database;
        this.registry = registry;
        this.sources = sources;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (plugin != null) {
            return;
        }
        GuardPlugin p = new GuardPlugin();
        p.setHttp(properties.isHttp());
        p.setDashboard(properties.isDashboard());
        try {
            SchedulerContext ctx = scheduler.getContext();
            ctx.put(GuardPlugin.CONTEXT_CONFIG, config);
            ctx.put(GuardPlugin.CONTEXT_DATABASE, database);
            if (registry != null) {
                ctx.put(GuardPlugin.CONTEXT_METER_REGISTRY, registry);
            }
            if (sources != null) {
                ctx.put(Guard.CONTEXT_SOURCES, sources.sources());
            }
            p.initialize(PLUGIN_NAME, scheduler, null);
        } catch (SchedulerException e) {
            throw new IllegalStateException("ringrift guard: cannot attach to Spring's Quartz scheduler: "
                    + e.getMessage(), e);
        }
        p.start();
        plugin = p;
    }

    @Override
    public synchronized void stop() {
        GuardPlugin p = plugin;
        plugin = null;
        if (p != null) {
            p.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return plugin != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running guard (status, audit query, the library API's checker), or null when stopped. */
    public Guard guard() {
        GuardPlugin p = plugin;
        return p == null ? null : p.guard();
    }
}
