package ai.ringrift.scheduler;

import ai.ringrift.db.Database;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.quartz.Scheduler;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.SchedulerPlugin;

/**
 * Test plugin configured only through {@code org.quartz.plugin.probe.*} properties: records its
 * life cycle, the property Quartz set on it, and the Database it found in the context at start.
 */
public class ProbePlugin implements SchedulerPlugin {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    static volatile Database seenDatabase;

    private String greeting = "unset";
    private Scheduler scheduler;

    /** Set by Quartz from {@code org.quartz.plugin.probe.greeting}. */
    public void setGreeting(String greeting) {
        this.greeting = greeting;
    }

    @Override
    public void initialize(String name, Scheduler scheduler, ClassLoadHelper loadHelper) {
        this.scheduler = scheduler;
        EVENTS.add("initialize " + name + " " + greeting);
    }

    @Override
    public void start() {
        seenDatabase = GuardedScheduler.databaseOf(scheduler);
        EVENTS.add("start");
    }

    @Override
    public void shutdown() {
        EVENTS.add("shutdown");
    }
}
