package ai.ringrift.guard.bench;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.config.QuartzConfig;
import ai.ringrift.guard.quartz.GuardPlugin;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.GuardedScheduler;
import ai.ringrift.scheduler.SchedulerSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * One Quartz cluster node of {@link FleetFireThroughputBenchmark}, in a JVM of its own. Usage:
 * {@code FleetBenchNode NODE_ID GUARD} ({@code GUARD} is off, on or capped). It reads commands on
 * stdin and answers on stdout with lines that start with {@value #PREFIX} (everything else on stdout
 * is the log):
 * <ul>
 *   <li>{@code open DIR JDBC_URL}: opens the database (the guard's files under DIR), creates the clustered scheduler (instance name
 *       {@value #INSTANCE_NAME}, instance id NODE_ID, 4 workers, the product's default cluster knobs;
 *       with the guard plugin unless GUARD is off, calm readings injected), starts it, which starts
 *       the plugin, and puts it in standby at once; answers {@code READY}.</li>
 *   <li>{@code go}: starts firing (leaves standby).</li>
 *   <li>{@code stop}: shuts the scheduler down (waiting for running jobs) and closes the database;
 *       answers {@code RAN n}, the fires this node ran since {@code open}.</li>
 *   <li>{@code exit} or the end of stdin: exits.</li>
 * </ul>
 */
public final class FleetBenchNode {

    static final String PREFIX = "FLEETBENCH ";
    static final String INSTANCE_NAME = "bench-fleet";
    static final int THREADS = 4;
    static final int POOL_SIZE = 10; // guard.yaml's default database.poolSize

    static final AtomicInteger RUNS = new AtomicInteger();

    /** The measured job: does nothing but count, in memory. */
    public static class Noop implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            RUNS.incrementAndGet();
        }
    }

    private FleetBenchNode() {
    }

    public static void main(String[] args) throws Exception {
        String nodeId = args[0];
        String guard = args[1];
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Database db = null;
        GuardedScheduler scheduler = null;
        try {
            for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
                if (line.startsWith("open ")) {
                    String[] words = line.split(" ", 3);
                    Path dir = Path.of(words[1]);
                    RUNS.set(0);
                    db = Database.openAndMigrate(DatabaseSettings.of(words[2])
                            .withCredentials("postgres", "").withPoolSize(POOL_SIZE));
                    scheduler = GuardedScheduler.create(db, settings(nodeId, guard, dir));
                    scheduler.quartz().getContext().put(Guard.CONTEXT_SOURCES,
                            List.of(new GuardedFireThroughputBenchmark.CalmSource()));
                    scheduler.start(); // first start: job store and plugins (the guard) start here, unmeasured
                    scheduler.quartz().standby(); // no triggers are stored yet: nothing fired in between
                    say("READY");
                } else if (line.equals("go")) {
                    scheduler.start(); // leaves standby; the plugins are not started again
                } else if (line.equals("stop")) {
                    scheduler.shutdown(true);
                    scheduler = null;
                    db.close();
                    db = null;
                    say("RAN " + RUNS.get());
                } else {
                    say("ERROR unknown command: " + line);
                }
            }
        } catch (Exception | Error e) {
            say("ERROR " + e);
            e.printStackTrace();
        } finally {
            if (scheduler != null) {
                scheduler.shutdown(false);
            }
            if (db != null) {
                db.close();
            }
        }
        System.exit(0);
    }

    /**
     * The same Quartz settings on both sides: what {@code ringrift run} would use with guard.yaml's
     * defaults (instance id = node id, the default cluster knobs), plus the guard plugin when asked.
     */
    static SchedulerSettings settings(String nodeId, String guard, Path dir) throws java.io.IOException {
        java.util.Properties knobs = new java.util.Properties();
        knobs.putAll(QuartzConfig.defaults().quartzProperties());
        SchedulerSettings settings = SchedulerSettings.defaults().withInstanceName(INSTANCE_NAME)
                .withThreadCount(THREADS).withProperties(knobs)
                .withProperty("org.quartz.scheduler.instanceId", nodeId);
        if (guard.equals("off")) {
            return settings;
        }
        Files.createDirectories(dir);
        Path yaml = dir.resolve(nodeId + ".yaml");
        // capped: a generous fleet-wide cap on the benchmark's job (32 per node, 200 in all; 12 workers
        // in the fleet never reach it), so every fire also takes and gives back a slot under the cap's lock
        String caps = guard.equals("capped")
                ? "caps: {rules: [{name: bench, match: \"bench-*\", perNode: 32, total: 200}]}\n" : "";
        Files.writeString(yaml, """
                node: {id: %s}
                spawnRate: {perMinute: 10000000, burst: 1000000}
                dashboard: {enabled: false}
                metrics: {enabled: false}
                sampling: {dataDir: %s}
                audit: {spoolDir: %s}
                """.formatted(nodeId, dir.resolve(nodeId + "-data"), dir.resolve(nodeId + "-spool")) + caps);
        return settings.withProperty("org.quartz.plugin.guard.class", GuardPlugin.class.getName())
                .withProperty("org.quartz.plugin.guard.configFile", yaml.toString());
    }

    private static void say(String what) {
        System.out.println(PREFIX + what);
        System.out.flush();
    }
}
