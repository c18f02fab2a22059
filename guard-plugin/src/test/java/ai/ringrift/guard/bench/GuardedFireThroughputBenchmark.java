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
 * plugin (decision row committed with each fire, outcome row after it) and without it, in one run.
 * Each iteration ({@code lifecycle=fresh}, the default): a fresh database, the triggers stored while
 * the scheduler is in standby, then the measured part starts the scheduler and waits until every job
 * has run. {@code -p lifecycle=daemon}: one database and one started scheduler for the whole trial, each
 * iteration's triggers stored in standby and the scheduler resumed. Throughput ratio = time(guard=off) / time(guard=on) per database; target >= 0.95.
 *
 * <pre>scripts/bench.sh guard-plugin GuardedFireThroughputBenchmark -f 1 -wi 8 -i 6</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class GuardedFireThroughputBenchmark {

    static final AtomicInteger RUNS = new AtomicInteger();
    /** When the first and the last job of the iteration ran (System.nanoTime). */
    static final java.util.concurrent.atomic.AtomicLong FIRST_RUN = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong LAST_RUN = new java.util.concurrent.atomic.AtomicLong();

    /** The measured job: does nothing but count and note when it ran. */
    public static class Noop implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            long now = System.nanoTime();
            FIRST_RUN.compareAndSet(0, now);
            LAST_RUN.accumulateAndGet(now, Math::max);
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

    /**
     * {@code fresh} (rounds one to four): a fresh database and scheduler every iteration, so every
     * iteration starts from the same state; the measured part includes the guard plugin's start (Quartz
     * starts plugins before its scheduler thread) and, until the JIT has caught up, compiling its
     * start-up code again. {@code daemon}: one database and one started scheduler (with its guard) for
     * the whole trial, as in a running daemon: each iteration stores its triggers while the scheduler is
     * in standby and the measured part resumes it; the tables (and the audit log) grow from iteration
     * to iteration.
     */
    @Param({"fresh"})
    public String lifecycle;

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    private Path dir;
    private Database db;
    private GuardedScheduler scheduler;
    private int counter;
    private String schema;

    @Setup(Level.Trial)
    public void setUpTrial() throws Exception {
        if (!lifecycle.equals("daemon") && !lifecycle.equals("fresh")) {
            throw new IllegalArgumentException("lifecycle must be daemon or fresh, was " + lifecycle);
        }
        if (daemon()) {
            safely(() -> {
                open();
                scheduler.start(); // the guard plugin starts here, outside the measurement
                scheduler.quartz().standby();
            });
        }
    }

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        safely(() -> {
            if (!daemon()) {
                open();
            }
            storeTriggers();
        });
    }

    private boolean daemon() {
        return lifecycle.equals("daemon");
    }

    private interface Step {
        void run() throws Exception;
    }

    private void safely(Step step) throws Exception {
        try {
            step.run();
        } catch (Exception | Error e) {
            // JMH runs no tearDown after a failed setUp: a schema left behind holding JobRunr's tables
            // makes JobRunr's (schema-blind) migrations check fail in every later run's schema
            close();
            throw e;
        }
    }

    private void open() throws Exception {
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
    }

    private void storeTriggers() throws Exception {
        JobKey key = scheduler.find("noop").orElseThrow().key();
        for (int i = 0; i < fires; i++) {
            scheduler.quartz().scheduleJob(TriggerBuilder.newTrigger().forJob(key).startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
        }
        RUNS.set(0);
        FIRST_RUN.set(0);
        LAST_RUN.set(0);
        commitsBefore = database.equals("postgresql") ? commits() : h2Version();
        // the scheduler's threads exist from here on: their CPU is read from here
    }

    private long commitsBefore;

    /** Transactions committed in the benchmark's PostgreSQL database so far (pg_stat_database). */
    private static long commits() throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(POSTGRES, "postgres", "");
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The H2 store's version: one more with every commit that changed something (WRITE_DELAY 0: a chunk written). */
    private long h2Version() throws java.sql.SQLException {
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'info.CURRENT_VERSION'")) {
            return rs.next() ? Long.parseLong(rs.getString(1)) : 0;
        }
    }

    @Benchmark
    public int fireAll() throws Exception {
        long cpu = processCpuNanos();
        long written = bytesWritten();
        ThreadCpu threads = ThreadCpu.now();
        long wall = System.nanoTime();
        scheduler.start();
        while (RUNS.get() < fires) {
            Thread.sleep(5);
        }
        long end = System.nanoTime();
        // CPU time of the whole process and the bytes it wrote (H2's file, the audit spool mark, logs) during the
        // fires: less sensitive to other load than wall time. "First run after" includes the guard plugin's start
        // (Quartz starts its plugins before its scheduler thread); "first to last run" is the firing itself.
        System.out.printf("[%s guard=%s] %d fires: wall %d ms (first run after %d ms, first to last run %d ms),"
                        + " process CPU %d ms, wrote %d KB%n", database, guard, fires, (end - wall) / 1_000_000,
                (FIRST_RUN.get() - wall) / 1_000_000, (LAST_RUN.get() - FIRST_RUN.get()) / 1_000_000,
                (processCpuNanos() - cpu) / 1_000_000, (bytesWritten() - written) / 1024);
        // Quartz's scheduler thread acquires and fires one trigger at a time, under the lock the workers' completions
        // also take: its CPU per fire is the serial path's
        System.out.printf("[%s guard=%s] CPU ms: %s%n", database, guard, threads.since());
        if (database.equals("h2")) {
            System.out.printf("[%s guard=%s] %.2f H2 store versions per fire (each a chunk written)%n", database,
                    guard, (h2Version() - commitsBefore) / (double) fires);
        }
        return RUNS.get();
    }

    /** Bytes this process has written with write(2) and friends ({@code wchar} of /proc/self/io; 0 elsewhere). */
    private static long bytesWritten() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        if (!daemon()) {
            close();
            return;
        }
        scheduler.quartz().standby();
        Instant until = Instant.now().plusSeconds(30);
        while (!scheduler.quartz().getCurrentlyExecutingJobs().isEmpty() && Instant.now().isBefore(until)) {
            Thread.sleep(10);
        }
        if (schema != null) {
            // the backends flush their statistics as they exit: close the pool's idle connections
            ((com.zaxxer.hikari.HikariDataSource) db.dataSource()).getHikariPoolMXBean().softEvictConnections();
            printCommitsPerFire();
        }
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() throws Exception {
        close();
    }

    private void close() throws Exception {
        if (scheduler != null) {
            scheduler.shutdown(true);
            scheduler = null;
        }
        if (db != null) {
            db.close();
            db = null;
        }
        if (schema != null && RUNS.get() >= fires && !daemon()) {
            printCommitsPerFire();
        }
        if (schema != null) {
            postgres("DROP SCHEMA " + schema + " CASCADE");
            schema = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            dir = null;
        }
    }

    private void printCommitsPerFire() throws Exception {
        // the backends flush their statistics as they exit: read until the count settles
        long last = -1;
        long now = commits();
        for (int i = 0; i < 20 && now != last; i++) {
            Thread.sleep(250);
            last = now;
            now = commits();
        }
        System.out.printf("[%s guard=%s] %.2f commits per fire (pg_stat_database, whole database)%n", database,
                guard, (now - commitsBefore - 1.0) / fires);
    }

    private static void postgres(String sql) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(POSTGRES, "postgres", "");
             var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
