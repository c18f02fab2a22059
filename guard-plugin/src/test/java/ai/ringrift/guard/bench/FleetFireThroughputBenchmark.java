package ai.ringrift.guard.bench;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.quartz.GuardPlugin;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.GuardedScheduler;
import ai.ringrift.scheduler.SchedulerSettings;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

/**
 * Issue 14's fleet benchmark: {@code fires} one-shot fires through three Quartz cluster nodes
 * (instance ids n1-n3, one instance name, each with its own connection pool) on one fresh
 * PostgreSQL database, bare ({@code guard=off}) and with the guard plugin on every node
 * ({@code guard=on}: decision, audit row, outcome row, heartbeats, JobRunr, the hand-off view;
 * {@code guard=capped}: the same, and the job is covered by a fleet-wide cap of 32 per node and 200
 * in total, so every fire also takes and gives back a slot under the cap's row lock). The three
 * nodes share this JVM (the database is what they share in a fleet). Each iteration: a fresh
 * database, the triggers stored while the nodes stand by, then the measured part starts the three
 * and waits until every fire has run. Fires per second = fires / time; target guarded / bare >= 0.9.
 *
 * <pre>scripts/bench.sh guard-plugin FleetFireThroughputBenchmark -f 1 -wi 1 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class FleetFireThroughputBenchmark {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final int NODES = 3;

    @Param({"off", "on", "capped"})
    public String guard;

    @Param({"2000"})
    public int fires;

    private Path dir;
    private String database;
    private final List<Database> dbs = new ArrayList<>();
    private final List<GuardedScheduler> nodes = new ArrayList<>();
    private int counter;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        try {
            prepare();
        } catch (Exception | Error e) {
            tearDown(); // JMH runs no tearDown after a failed setUp
            throw e;
        }
    }

    private void prepare() throws Exception {
        dir = Files.createTempDirectory("ringrift-fleet-bench");
        database = "rr_bench_fleet_" + ProcessHandle.current().pid() + "_" + counter++;
        admin("CREATE DATABASE " + database);
        String job = guard.equals("capped") ? "selfplay-noop" : "noop";
        for (int i = 1; i <= NODES; i++) {
            String node = "n" + i;
            Database db = Database.openAndMigrate(DatabaseSettings.of(SERVER + database)
                    .withCredentials("postgres", "").withPoolSize(12));
            dbs.add(db);
            SchedulerSettings settings = SchedulerSettings.defaults().withInstanceName("bench-fleet")
                    .withThreadCount(4)
                    .withProperty("org.quartz.scheduler.instanceId", node)
                    .withProperty("org.quartz.scheduler.idleWaitTime", "1000");
            if (!guard.equals("off")) {
                Path yaml = dir.resolve(node + ".yaml");
                Files.writeString(yaml, """
                        node: {id: %s}
                        spawnRate: {perMinute: 10000000, burst: 1000000}
                        dashboard: {enabled: false}
                        metrics: {enabled: false}
                        sampling: {dataDir: %s}
                        audit: {spoolDir: %s}
                        """.formatted(node, dir.resolve(node + "-data"), dir.resolve(node + "-spool")));
                settings = settings.withProperty("org.quartz.plugin.guard.class", GuardPlugin.class.getName())
                        .withProperty("org.quartz.plugin.guard.configFile", yaml.toString());
            }
            GuardedScheduler s = GuardedScheduler.create(db, settings);
            s.quartz().getContext().put(Guard.CONTEXT_SOURCES,
                    List.of(new GuardedFireThroughputBenchmark.CalmSource()));
            nodes.add(s);
        }
        GuardedScheduler first = nodes.get(0);
        first.register(JobSpec.builder(job, GuardedFireThroughputBenchmark.Noop.class).priority(Priority.NORMAL)
                .cron("0 0 0 1 1 ? 2099").build());
        JobKey key = first.find(job).orElseThrow().key();
        for (int i = 0; i < fires; i++) {
            first.quartz().scheduleJob(TriggerBuilder.newTrigger().forJob(key).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
        }
        GuardedFireThroughputBenchmark.RUNS.set(0);
    }

    @Benchmark
    public int fireAll() throws Exception {
        for (GuardedScheduler s : nodes) {
            s.start();
        }
        while (GuardedFireThroughputBenchmark.RUNS.get() < fires) {
            Thread.sleep(5);
        }
        return GuardedFireThroughputBenchmark.RUNS.get();
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        for (GuardedScheduler s : nodes) {
            try {
                s.shutdown(true);
            } catch (RuntimeException e) {
                // the next node still stops
            }
        }
        nodes.clear();
        dbs.forEach(Database::close);
        dbs.clear();
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            database = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void admin(String sql) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(SERVER + "test", "postgres", "");
             var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
