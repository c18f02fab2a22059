package ai.ringrift.guard.bench;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.scheduler.GuardedScheduler;
import ai.ringrift.scheduler.SchedulerSettings;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

/**
 * Issue 14's fleet benchmark: {@code fires} one-shot fires of a no-op job through three Quartz
 * cluster nodes (instance name {@value FleetBenchNode#INSTANCE_NAME}, ids n1-n3, 4 workers each,
 * guard.yaml's default cluster knobs and pool size), each a JVM process of its own
 * ({@link FleetBenchNode}, {@code -Xmx256m}), on one fresh PostgreSQL database; bare
 * ({@code guard=off}), with the guard plugin on every node ({@code guard=on}: decision and audit
 * row, outcome row, the deferral check, heartbeats, JobRunr; calm readings injected) and with the
 * guard and a generous fleet-wide cap on the job ({@code guard=capped}: every fire also takes and
 * gives back a slot under the cap's lock).
 *
 * <p>The node JVMs start once per trial, outside the measurement. Each iteration: a fresh database
 * (its own, so that {@code pg_stat_database} counts only it), the three nodes open it and start
 * (the guard starts here) and go to standby at once, then the job and its triggers are stored; the
 * measured part tells the nodes to go and waits until no trigger of the job is left in Quartz's
 * tables (a one-shot trigger is deleted when its job completed; polled every 50 ms over one
 * connection, the same on both sides). Afterwards each node reports how many fires it ran, and the
 * iteration prints fires per second, fires per node (guarded: outcome rows per node), transactions
 * committed per fire ({@code xact_commit}, the polls subtracted), rows written and scans per table
 * per fire, and CPU seconds of the node JVMs and of the database's PostgreSQL backends.
 * Target: guarded / bare >= 0.9.
 *
 * <p>{@code guard} may also be a {@code +} list ({@code off+on+capped}): one fleet per mode, started
 * together, taking turns iteration by iteration, so that the load of a shared machine drifts over
 * all of them alike; the trial ends with a summary per mode (medians, and each mode's throughput
 * against the bare fleet's, also turn by turn: against the bare fleet's turn just before it). The node JVMs start cold: their CPU per fire still falls
 * over the first three or four iterations of a fleet, hence the warm-up iterations.
 *
 * <pre>
 * scripts/bench.sh guard-plugin FleetFireThroughputBenchmark -f 1 -wi 3 -i 5                          # one trial per mode
 * scripts/bench.sh guard-plugin FleetFireThroughputBenchmark -f 1 -wi 6 -i 15 -p guard=off+on+capped  # turns
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class FleetFireThroughputBenchmark {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String JOB = "bench-noop";
    static final List<String> NODE_IDS = List.of("n1", "n2", "n3");
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);
    static final long POLL_MS = 50;
    /** PostgreSQL 15 flushes a backend's statistics at most once a second (idle backends within a second). */
    static final long STATS_FLUSH_MS = 1_500;

    /**
     * Extra JVM options for the node JVMs, space-separated; {@code {node}} and {@code {guard}} are
     * replaced, e.g. {@code -jvmArgsAppend "-Dfleetbench.nodeJvmArgs=-XX:StartFlightRecording=filename=/tmp/{guard}-{node}.jfr"}.
     */
    static final String NODE_JVM_ARGS = "fleetbench.nodeJvmArgs";
    /**
     * {@code -Dfleetbench.waits=true} (with {@code -jvmArgsAppend}): sample the database's backends in
     * {@code pg_stat_activity} every 50 ms during the measured part (from a connection to another
     * database, the same on both sides) and print how many were, on average, in each state and wait event.
     */
    static final String WAITS = "fleetbench.waits";

    @Param({"off", "on", "capped"})
    public String guard;

    @Param({"2000"})
    public int fires;

    private Path dir;
    /** This trial's fleets by mode: one, or one per mode of a {@code +} list; three node JVMs each. */
    private final Map<String, Map<String, Node>> fleets = new LinkedHashMap<>();
    private final List<Result> results = new ArrayList<>();
    private Map<String, Node> nodes = Map.of();
    private String mode;
    private boolean warmup;
    private int counter;

    private String database;
    private Path iterationDir;
    private Connection poll;
    private long polls;
    private long startedNanos;
    private long elapsedNanos;
    private WaitSampler waits;
    private Snapshot before;
    private long beforeCommits;
    private Map<String, long[]> beforeTables;

    /** A node JVM: its process, its stdin, and the protocol answers read from its stdout. */
    static final class Node {
        final String id;
        final Process process;
        final PrintWriter in;
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        final Path log;
        boolean open;

        Node(String id, Process process, Path log) throws IOException {
            this.id = id;
            this.process = process;
            this.log = log;
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Writer logWriter = Files.newBufferedWriter(log);
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8)); Writer w = logWriter) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        if (line.startsWith(FleetBenchNode.PREFIX)) {
                            answers.add(line.substring(FleetBenchNode.PREFIX.length()));
                        }
                        w.write(line);
                        w.write('\n');
                        w.flush();
                    }
                } catch (IOException e) {
                    answers.add("ERROR log reader: " + e);
                }
            }, "fleet-bench-" + id + "-out");
            t.setDaemon(true);
            t.start();
        }

        void send(String command) {
            in.println(command);
        }

        String await(String expected) throws Exception {
            long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                String a = answers.poll(200, TimeUnit.MILLISECONDS);
                if (a != null) {
                    if (!a.startsWith(expected)) {
                        throw new IllegalStateException("node " + id + " answered '" + a + "', not " + expected
                                + "; its log " + log + " ends:\n" + tail());
                    }
                    return a.substring(expected.length()).trim();
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("node " + id + " exited (" + process.exitValue() + ") before "
                            + expected + "; its log " + log + " ends:\n" + tail());
                }
            }
            throw new IllegalStateException("node " + id + " did not answer " + expected + " within " + ANSWER_TIMEOUT
                    + "; its log " + log + " ends:\n" + tail());
        }

        double cpuSeconds() {
            return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }

        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /** Samples {@code pg_stat_activity} for one database on a thread of its own. */
    static final class WaitSampler {
        private final Map<String, Long> counts = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong samples = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        WaitSampler(String database) {
            thread = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
                     PreparedStatement ps = c.prepareStatement("SELECT state, wait_event_type, wait_event, query"
                             + " FROM pg_stat_activity WHERE datname = ?")) {
                    ps.setString(1, database);
                    while (running) {
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                String state = String.valueOf(rs.getString(1));
                                if (state.equals("idle")) {
                                    continue;
                                }
                                String type = rs.getString(2);
                                String query = String.valueOf(rs.getString(4)).replaceAll("\\s+", " ").trim();
                                String key = state + "/" + (type == null ? "CPU" : type + ":" + rs.getString(3)) + " ("
                                        + query.substring(0, Math.min(60, query.length())) + ")";
                                counts.merge(key, 1L, Long::sum);
                            }
                        }
                        samples.incrementAndGet();
                        Thread.sleep(POLL_MS);
                    }
                } catch (SQLException | InterruptedException e) {
                    counts.merge("sampler stopped: " + e, 1L, Long::sum);
                }
            }, "fleet-bench-waits");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }

        String summary(int top) {
            double n = Math.max(1, samples.get());
            double busy = counts.values().stream().mapToLong(Long::longValue).sum() / n;
            StringBuilder b = new StringBuilder(String.format(" %.2f not idle, %d samples;", busy, samples.get()));
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                    .forEach(e -> b.append(String.format("%n    %.2f %s", e.getValue() / n, e.getKey())));
            return b.toString();
        }
    }

    /** Counters read before and after the measured part. */
    record Snapshot(Map<String, Double> nodeCpu, Map<Integer, Double> backendCpu, double load, long cpuStallMicros) {
    }

    /** One measured iteration. */
    record Result(String mode, double seconds, double commitsPerFire, double nodeCpu, double pgCpu, double pressure) {
    }

    private List<String> modes() {
        return List.of(guard.split("\\+"));
    }

    @Setup(Level.Trial)
    public void startNodes() throws Exception {
        try {
            dir = Files.createTempDirectory("ringrift-fleet-bench");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            for (String m : modes()) {
                if (!List.of("off", "on", "capped").contains(m)) {
                    throw new IllegalArgumentException("guard=" + guard + ": each mode is off, on or capped");
                }
                Map<String, Node> fleet = new LinkedHashMap<>();
                fleets.put(m, fleet);
                for (String id : NODE_IDS) {
                    Path log = dir.resolve(m + "-" + id + ".log");
                    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
                    String extra = System.getProperty(NODE_JVM_ARGS, "").replace("{node}", id).replace("{guard}", m);
                    if (!extra.isBlank()) {
                        command.addAll(List.of(extra.trim().split("\\s+")));
                    }
                    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                            FleetBenchNode.class.getName(), id, m));
                    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                    fleet.put(id, new Node(id, p, log));
                }
            }
        } catch (Exception | Error e) {
            stopNodes();
            throw e;
        }
    }

    @Setup(Level.Iteration)
    public void setUp(IterationParams params) throws Exception {
        warmup = params.getType() == IterationType.WARMUP;
        try {
            prepare();
        } catch (Exception | Error e) {
            try {
                tearDown(); // JMH runs no tearDown after a failed setUp: the database must not stay behind
            } finally {
                stopNodes(); // nor the trial's: the node JVMs and their files must not either
            }
            throw e;
        }
    }

    private void prepare() throws Exception {
        mode = modes().get(counter % modes().size()); // a + list: the fleets take turns, iteration by iteration
        nodes = fleets.get(mode);
        database = "rr_bench_fleet_" + ProcessHandle.current().pid() + "_" + counter++;
        iterationDir = Files.createDirectories(dir.resolve(database));
        admin("CREATE DATABASE " + database);
        String url = SERVER + database;
        try (Database own = Database.openAndMigrate(DatabaseSettings.of(url).withCredentials("postgres", "")
                .withPoolSize(SchedulerSettings.connectionsNeeded(1)))) {
            for (Node n : nodes.values()) {
                n.send("open " + iterationDir + " " + url);
            }
            for (Node n : nodes.values()) {
                n.await("READY");
                n.open = true;
            }
            // the job and its triggers, stored while all three nodes stand by (this scheduler never starts)
            GuardedScheduler loader = GuardedScheduler.create(own, SchedulerSettings.defaults()
                    .withInstanceName(FleetBenchNode.INSTANCE_NAME).withThreadCount(1));
            try {
                loader.register(JobSpec.builder(JOB, FleetBenchNode.Noop.class).priority(Priority.NORMAL)
                        .cron("0 0 0 1 1 ? 2099").build());
                JobKey key = loader.find(JOB).orElseThrow().key();
                for (int i = 0; i < fires; i++) {
                    loader.quartz().scheduleJob(TriggerBuilder.newTrigger().forJob(key).startNow()
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                            .build());
                }
            } finally {
                loader.shutdown(false);
            }
        }
        poll = DriverManager.getConnection(url, "postgres", "");
        poll.setAutoCommit(true);
        if (remaining() != fires) {
            throw new IllegalStateException("expected " + fires + " stored one-shot triggers");
        }
        polls = 0;
        Thread.sleep(STATS_FLUSH_MS); // setup's transactions reach pg_stat_database before the count starts
        before = snapshot();
        beforeCommits = commits();
        beforeTables = tableStats(poll);
    }

    @Benchmark
    public long fireAll() throws Exception {
        if (Boolean.getBoolean(WAITS)) {
            waits = new WaitSampler(database);
        }
        startedNanos = System.nanoTime();
        for (Node n : nodes.values()) {
            n.send("go");
        }
        long left;
        while ((left = remaining()) > 0) {
            Thread.sleep(POLL_MS);
        }
        elapsedNanos = System.nanoTime() - startedNanos;
        if (waits != null) {
            waits.stop();
        }
        return left;
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        Snapshot after = before == null ? null : snapshot();
        Map<String, Integer> ran = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (n.open) {
                n.send("stop");
            }
        }
        for (Node n : nodes.values()) {
            if (n.open) {
                try {
                    ran.put(n.id, Integer.parseInt(n.await("RAN")));
                } catch (Exception e) {
                    problems.add(e.getMessage());
                }
                n.open = false;
            }
        }
        if (poll != null) {
            poll.close();
            poll = null;
        }
        if (database != null) {
            try {
                if (after != null && problems.isEmpty()) {
                    report(after, ran);
                }
            } finally {
                admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                database = null;
                before = null;
            }
        }
        if (iterationDir != null) {
            delete(iterationDir);
            iterationDir = null;
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
    }

    private void report(Snapshot after, Map<String, Integer> ran) throws Exception {
        awaitNoBackends(); // a backend's last statistics reach pg_stat_database when it exits
        long commits = commits() - beforeCommits - polls - 1; // the polls and the table statistics read
        Map<String, Long> outcomes = new TreeMap<>();
        StringBuilder tables = new StringBuilder();
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "")) {
            if (!mode.equals("off")) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT node_id, count(*) FROM job_outcome GROUP BY node_id")) {
                    while (rs.next()) {
                        outcomes.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            // per table during the measured part: rows inserted/updated/deleted, scans (seq + index), per fire
            for (var e : tableStats(c).entrySet()) {
                long[] b = beforeTables.getOrDefault(e.getKey(), new long[4]);
                long[] d = new long[4];
                for (int i = 0; i < 4; i++) {
                    d[i] = e.getValue()[i] - b[i];
                }
                if (d[0] + d[1] + d[2] + d[3] > fires / 10) {
                    tables.append(String.format(" %s %.2f/%.2f/%.2f/%.2f;", e.getKey(), d[0] / (double) fires,
                            d[1] / (double) fires, d[2] / (double) fires, d[3] / (double) fires));
                }
            }
        }
        double seconds = elapsedNanos / 1e9;
        double nodeCpu = 0;
        StringBuilder perNodeCpu = new StringBuilder();
        for (String id : NODE_IDS) {
            double d = after.nodeCpu().get(id) - before.nodeCpu().get(id);
            nodeCpu += d;
            perNodeCpu.append(perNodeCpu.length() == 0 ? "" : " ").append(id).append('=').append(fmt(d));
        }
        double pgCpu = 0;
        for (var e : after.backendCpu().entrySet()) {
            pgCpu += e.getValue() - before.backendCpu().getOrDefault(e.getKey(), 0.0);
        }
        int total = ran.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("%nfleet guard=%s%s: %d fires in %.2f s = %.1f fires/s; ran per node %s (sum %d)%s;"
                        + " commits %d = %.2f per fire; CPU s: nodes %s (%s), postgres backends %s;"
                        + " load %.2f -> %.2f, CPU pressure (some task waiting for a CPU) %.0f%% of the time%n",
                mode, warmup ? " (warm-up)" : "", fires, seconds, fires / seconds, ran, total,
                mode.equals("off") ? "" : "; outcome rows per node " + outcomes,
                commits, commits / (double) fires, fmt(nodeCpu), perNodeCpu, fmt(pgCpu), before.load(), after.load(),
                (after.cpuStallMicros() - before.cpuStallMicros()) / (seconds * 1e4));
        System.out.println("per fire, table ins/upd/del/scans:" + tables);
        if (waits != null) {
            System.out.println("backends on average, by state/wait event (last statement):" + waits.summary(10));
            waits = null;
        }
        if (!warmup) {
            results.add(new Result(mode, seconds, commits / (double) fires, nodeCpu, pgCpu,
                    (after.cpuStallMicros() - before.cpuStallMicros()) / (seconds * 1e4)));
        }
        if (total != fires) {
            throw new IllegalStateException("the nodes ran " + total + " fires, not " + fires + ": " + ran);
        }
        if (ran.values().stream().anyMatch(r -> r == 0)) {
            System.out.println("WARNING: a node took no fire: " + ran);
        }
    }

    @TearDown(Level.Trial)
    public void stopNodes() throws Exception {
        List<Node> all = fleets.values().stream().flatMap(f -> f.values().stream()).toList();
        for (Node n : all) {
            n.send("exit");
        }
        for (Node n : all) {
            if (!n.process.waitFor(30, TimeUnit.SECONDS)) {
                n.process.destroyForcibly();
            }
        }
        if (dir != null) {
            Path logs = Files.createDirectories(Path.of("target", "fleet-bench-logs"));
            for (Node n : all) {
                if (Files.exists(n.log)) {
                    Files.copy(n.log, logs.resolve(n.log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            delete(dir);
        }
        fleets.clear();
        nodes = Map.of();
        summarize();
    }

    /** With fleets taking turns: per mode the median, and each mode's throughput against the bare fleet's. */
    private void summarize() {
        if (modes().size() < 2 || results.isEmpty()) {
            return;
        }
        String base = modes().contains("off") ? "off" : modes().get(0);
        double baseMedian = median(base, Result::seconds);
        StringBuilder b = new StringBuilder(String.format("%nfleet summary (guard=%s, fleets taking turns, measured"
                + " iterations only):", guard));
        for (String m : modes()) {
            long n = results.stream().filter(r -> r.mode().equals(m)).count();
            double med = median(m, Result::seconds);
            b.append(String.format("%n  %-6s n=%d median %.2f s = %.1f fires/s (times %s); commits/fire %.2f;"
                            + " CPU s per 1000 fires: nodes %.2f, postgres backends %.2f; CPU pressure %.0f%%;"
                            + " throughput vs %s: %.2f",
                    m, n, med, fires / med, results.stream().filter(r -> r.mode().equals(m))
                            .map(r -> String.format("%.1f", r.seconds())).toList(),
                    median(m, Result::commitsPerFire), median(m, Result::nodeCpu) * 1000 / fires,
                    median(m, Result::pgCpu) * 1000 / fires, median(m, Result::pressure), base, baseMedian / med));
            if (!m.equals(base)) {
                // each turn of this fleet against the base fleet's turn just before it: drift cancels out
                List<Double> pairs = new ArrayList<>();
                Result last = null;
                for (Result r : results) {
                    if (r.mode().equals(base)) {
                        last = r;
                    } else if (r.mode().equals(m) && last != null) {
                        pairs.add(last.seconds() / r.seconds());
                    }
                }
                double[] v = pairs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                if (v.length > 0) {
                    double pm = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
                    b.append(String.format("; turn by turn %s, median %.2f",
                            pairs.stream().map(x -> String.format("%.2f", x)).toList(), pm));
                }
            }
        }
        System.out.println(b);
    }

    private double median(String m, java.util.function.ToDoubleFunction<Result> f) {
        double[] v = results.stream().filter(r -> r.mode().equals(m)).mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One-shot triggers of the job not yet completed (Quartz deletes one when its job completed). */
    private long remaining() throws SQLException {
        polls++;
        try (Statement st = poll.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM qrtz_triggers WHERE job_name = '" + JOB
                     + "' AND trigger_type = 'SIMPLE') + (SELECT count(*) FROM qrtz_fired_triggers)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Snapshot snapshot() throws Exception {
        Map<String, Double> nodeCpu = new TreeMap<>();
        for (Node n : nodes.values()) {
            nodeCpu.put(n.id, n.cpuSeconds());
        }
        Map<Integer, Double> backendCpu = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int pid = rs.getInt(1);
                    double cpu = procCpuSeconds(pid);
                    if (!Double.isNaN(cpu)) {
                        backendCpu.put(pid, cpu);
                    }
                }
            }
        }
        double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        return new Snapshot(nodeCpu, backendCpu, load, cpuStallMicros());
    }

    /** Linux PSI: microseconds in which some runnable task waited for a CPU (-1 without /proc/pressure). */
    private static long cpuStallMicros() {
        try {
            String some = Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
            return Long.parseLong(some.substring(some.indexOf("total=") + 6).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a process from /proc (clock ticks of 1/100 s). */
    private static double procCpuSeconds(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // fields 14 and 15 of stat
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Per table of the current database: rows inserted, updated, deleted, and scans (sequential + index). */
    private static Map<String, long[]> tableStats(Connection c) throws SQLException {
        Map<String, long[]> m = new TreeMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del,"
                     + " coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables")) {
            while (rs.next()) {
                m.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
            }
        }
        return m;
    }

    private long commits() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private void awaitNoBackends() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            ps.setString(1, database);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("connections to " + database + " still open 30 s after the nodes stopped");
    }

    private static String fmt(double seconds) {
        return String.format("%.1f", seconds);
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
