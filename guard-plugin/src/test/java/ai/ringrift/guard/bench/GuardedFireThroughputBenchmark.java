package ai.ringrift.guard.bench;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.quartz.GuardPlugin;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.scheduler.GuardedScheduler;
import ai.ringrift.scheduler.SchedulerSettings;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

/**
 * {@code fires} one-shot fires through Quartz on a JDBC job store (an H2 file, or a fresh schema of
 * the PostgreSQL on 127.0.0.1:5432, where Quartz runs clustered as in a fleet), with the guard
 * plugin (decision + audit row committed before each fire + outcome row) and without it, in one
 * run. Each iteration: a fresh database, the triggers stored while the scheduler is in standby,
 * then the measured part starts the scheduler and waits until every job has run.
 * Throughput ratio = time(guard=off) / time(guard=on) per database; target >= 0.95.
 *
 * <pre>scripts/bench.sh guard-plugin GuardedFireThroughputBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class GuardedFireThroughputBenchmark {

    static final AtomicInteger RUNS = new AtomicInteger();

    /** The measured job: does nothing but count. */
    public static class Noop implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            RUNS.incrementAndGet();
        }
    }

    /** Level-0 readings, so every fire is ALLOWed and runs. */
    static final class CalmSource implements ReadingSource {
        @Override
        public String name() {
            return "calm";
        }

        @Override
        public List<Reading> read() {
            Instant now = Instant.now();
            return List.of(Reading.percent(Resource.CPU, 10, "host", now),
                    Reading.percent(Resource.MEMORY, 30, "host", now),
                    Reading.percent(Resource.DISK, 20, "host", now));
        }

        @Override
        public Set<Resource> covers() {
            return Set.of(Resource.CPU, Resource.MEMORY, Resource.DISK);
        }
    }

    @Param({"h2", "postgresql"})
    public String database;

    @Param({"off", "on"})
    public String guard;

    @Param({"2000"})
    public int fires;

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    private Path dir;
    private Database db;
    private GuardedScheduler scheduler;
    private int counter;
    private String schema;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        try {
            prepare();
        } catch (Exception | Error e) {
            // JMH runs no tearDown after a failed setUp: a schema left behind holding JobRunr's tables
            // makes JobRunr's (schema-blind) migrations check fail in every later run's schema
            tearDown();
            throw e;
        }
    }

    private void prepare() throws Exception {
        dir = Files.createTempDirectory("ringrift-bench");
        if (database.equals("postgresql")) {
            schema = "bench_fires_" + ProcessHandle.current().pid() + "_" + counter;
            postgres("CREATE SCHEMA " + schema);
            db = Database.openAndMigrate(DatabaseSettings.of(POSTGRES + "?currentSchema=" + schema)
                    .withCredentials("postgres", ""));
        } else {
            db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("db")));
        }
        SchedulerSettings settings = SchedulerSettings.defaults().withInstanceName("bench-" + (counter++))
                .withThreadCount(4);
        if (guard.equals("on")) {
            Path yaml = dir.resolve("guard.yaml");
            Files.writeString(yaml, """
                    spawnRate:
                      perMinute: 10000000
                      burst: 1000000
                    dashboard:
                      enabled: false
                    metrics:
                      enabled: false
                    sampling:
                      dataDir: %s
                    audit:
                      spoolDir: %s
                    """.formatted(dir.resolve("data"), dir.resolve("spool")));
            settings = settings.withProperty("org.quartz.plugin.guard.class", GuardPlugin.class.getName())
                    .withProperty("org.quartz.plugin.guard.configFile", yaml.toString());
        }
        scheduler = GuardedScheduler.create(db, settings);
        scheduler.quartz().getContext().put(Guard.CONTEXT_SOURCES, List.of(new CalmSource()));
        scheduler.register(JobSpec.builder("noop", Noop.class).priority(Priority.NORMAL)
                .cron("0 0 0 1 1 ? 2099").build());
        JobKey key = scheduler.find("noop").orElseThrow().key();
        for (int i = 0; i < fires; i++) {
            scheduler.quartz().scheduleJob(TriggerBuilder.newTrigger().forJob(key).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
        }
        RUNS.set(0);
    }

    @Benchmark
    public int fireAll() throws Exception {
        long cpu = processCpuNanos();
        long wall = System.nanoTime();
        scheduler.start();
        while (RUNS.get() < fires) {
            Thread.sleep(5);
        }
        // CPU time of the whole process during the fires: less sensitive to other load than wall time
        System.out.printf("[%s guard=%s] %d fires: wall %d ms, process CPU %d ms%n", database, guard, fires,
                (System.nanoTime() - wall) / 1_000_000, (processCpuNanos() - cpu) / 1_000_000);
        return RUNS.get();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        if (scheduler != null) {
            scheduler.shutdown(true);
            scheduler = null;
        }
        if (db != null) {
            db.close();
            db = null;
        }
        if (schema != null) {
            postgres("DROP SCHEMA " + schema + " CASCADE");
            schema = null;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void postgres(String sql) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(POSTGRES, "postgres", "");
             var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
