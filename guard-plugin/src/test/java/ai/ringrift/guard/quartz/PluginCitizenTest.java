package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The plugin as a guest in a plain Quartz application (a StdSchedulerFactory built from a
 * properties file): it opens no listening port unless asked, and it keeps its tables in the
 * application's own Quartz DataSource when {@code org.quartz.plugin.guard.dataSource} names one.
 */
class PluginCitizenTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path dir;

    /** A CRITICAL job: allowed at every level, so it runs whatever this machine's load is. */
    @Guarded(priority = Priority.CRITICAL)
    public static class Ping implements Job {
        static final AtomicInteger RUNS = new AtomicInteger();

        @Override
        public void execute(JobExecutionContext context) {
            RUNS.incrementAndGet();
            context.setResult("pong");
        }
    }

    @Test
    void pluginModeOpensNoListeningPortUnlessAsked() throws Exception {
        int metricsPort = freePort();
        int dashboardPort = freePort();
        Path yaml = guardYaml("jdbc:h2:file:" + dir.resolve("guard-db"), metricsPort, dashboardPort);

        Set<Integer> before = ListeningPorts.ofThisProcess();
        Scheduler quiet = scheduler(yaml, "");
        try {
            quiet.start();
            ping(quiet);
            Guard guard = (Guard) quiet.getContext().get(Guard.CONTEXT_KEY);
            assertThat(guard.http()).as("no HTTP endpoint by default in plugin mode").isEmpty();
            assertThat(guard.jobrunr().orElseThrow().dashboard()).as("no dashboard by default").isEmpty();
            Set<Integer> opened = new HashSet<>(ListeningPorts.ofThisProcess());
            opened.removeAll(before);
            assertThat(opened).as("ports this process started listening on").isEmpty();
        } finally {
            quiet.shutdown(true);
        }

        // asked for, both come up where guard.yaml says (and the check above would have seen them)
        Scheduler asked = scheduler(yaml, """
                org.quartz.plugin.guard.http = true
                org.quartz.plugin.guard.dashboard = true
                """);
        try {
            asked.start();
            Guard guard = (Guard) asked.getContext().get(Guard.CONTEXT_KEY);
            assertThat(guard.http().orElseThrow().port()).isEqualTo(metricsPort);
            assertThat(guard.jobrunr().orElseThrow().dashboard()).isPresent();
            assertThat(ListeningPorts.ofThisProcess()).contains(metricsPort, dashboardPort);
        } finally {
            asked.shutdown(true);
        }
    }

    @Test
    void namedQuartzDataSourceHoldsTheGuardsTablesAndNoPoolOfItsOwnIsOpened() throws Exception {
        Path appDb = dir.resolve("app");
        String appUrl = "jdbc:h2:file:" + appDb;
        // the application created Quartz's tables itself, from Quartz's own script
        try (Connection c = DriverManager.getConnection(appUrl, "sa", ""); Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:org/quartz/impl/jdbcjobstore/tables_h2.sql'");
        }
        Path unusedGuardDb = dir.resolve("unused-guard-db");
        Path yaml = guardYaml("jdbc:h2:file:" + unusedGuardDb, 0, 0);
        String ds = "appDS" + NAMES.incrementAndGet();
        Scheduler scheduler = scheduler(yaml, """
                org.quartz.jobStore.class = org.quartz.impl.jdbcjobstore.JobStoreTX
                org.quartz.jobStore.driverDelegateClass = org.quartz.impl.jdbcjobstore.StdJDBCDelegate
                org.quartz.jobStore.dataSource = %1$s
                org.quartz.dataSource.%1$s.provider = hikaricp
                org.quartz.dataSource.%1$s.driver = org.h2.Driver
                org.quartz.dataSource.%1$s.URL = %2$s
                org.quartz.dataSource.%1$s.user = sa
                org.quartz.dataSource.%1$s.password =
                org.quartz.dataSource.%1$s.maxConnections = 6
                org.quartz.plugin.guard.dataSource = %1$s
                """.formatted(ds, appUrl));
        try {
            scheduler.start();
            ping(scheduler);
        } finally {
            scheduler.shutdown(true);
        }
        assertThat(Files.exists(Path.of(unusedGuardDb + ".mv.db"))).as("guard.yaml's database is not opened").isFalse();
        try (Database app = Database.open(new DatabaseSettings(appUrl, "sa", "", 4));
             Connection c = app.dataSource().getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT d.decision, o.success FROM guard_decision d JOIN job_outcome o"
                    + " ON o.node_id = d.node_id AND o.decision_seq = d.seq WHERE d.job_name = 'ping'")) {
                assertThat(rs.next()).as("the decision and its outcome are in the application's database").isTrue();
                assertThat(rs.getString(1)).isEqualTo("ALLOW");
                assertThat(rs.getBoolean(2)).isTrue();
            }
            // Quartz's tables were the application's: the guard's history starts above them
            List<String> history = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT \"version\", \"type\" FROM \"ringrift_schema_history\""
                    + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
                while (rs.next()) {
                    history.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
            assertThat(history).startsWith("1 BASELINE", "2 SQL", "3 SQL")
                    .as("every later migration ran as SQL").allMatch(h -> h.equals("1 BASELINE") || h.endsWith(" SQL"));
            assertThat(app.schemaVersion()).isEqualTo(history.get(history.size() - 1).split(" ")[0]);
        }
    }

    @Test
    void anUnknownDataSourceNameFailsTheStartNamingTheProperty() throws Exception {
        Path yaml = guardYaml("jdbc:h2:file:" + dir.resolve("never"), 0, 0);
        Scheduler scheduler = scheduler(yaml, "org.quartz.plugin.guard.dataSource = noSuchDS\n");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(scheduler::start)
                    .hasMessageContaining("org.quartz.plugin.guard.dataSource = noSuchDS")
                    .hasMessageContaining("org.quartz.dataSource.noSuchDS.");
        } finally {
            scheduler.shutdown(false);
        }
    }

    private Path guardYaml(String url, int metricsPort, int dashboardPort) throws IOException {
        Path yaml = dir.resolve("guard-" + NAMES.incrementAndGet() + ".yaml");
        Files.writeString(yaml, """
                database:
                  url: %s
                sampling:
                  dataDir: %s
                dashboard:
                  port: %d
                metrics:
                  port: %d
                audit:
                  spoolDir: %s
                """.formatted(url, dir.resolve("data"), dashboardPort, metricsPort, dir.resolve("spool")));
        return yaml;
    }

    private Scheduler scheduler(Path yaml, String extra) throws Exception {
        Path props = dir.resolve("quartz-" + NAMES.incrementAndGet() + ".properties");
        Files.writeString(props, """
                org.quartz.scheduler.instanceName = citizen%d
                org.quartz.threadPool.threadCount = 2
                org.quartz.jobStore.class = org.quartz.simpl.RAMJobStore
                org.quartz.plugin.guard.class = ai.ringrift.guard.quartz.GuardPlugin
                org.quartz.plugin.guard.configFile = %s
                """.formatted(NAMES.incrementAndGet(), yaml) + extra);
        return new StdSchedulerFactory(props.toString()).getScheduler();
    }

    private static void ping(Scheduler scheduler) throws Exception {
        int runs = Ping.RUNS.get();
        String name = "ping";
        scheduler.scheduleJob(JobBuilder.newJob(Ping.class).withIdentity(name).build(),
                TriggerBuilder.newTrigger().startNow().build());
        await().atMost(Duration.ofSeconds(30)).until(() -> Ping.RUNS.get() > runs);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The TCP ports this JVM listens on, from /proc (sockets in state LISTEN whose inode is one of our fds). */
    static final class ListeningPorts {
        private ListeningPorts() {
        }

        static Set<Integer> ofThisProcess() throws IOException {
            Set<String> inodes = new HashSet<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException gone) {
                        // closed while listing
                    }
                }
            }
            Set<Integer> ports = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path p = Path.of(table);
                if (!Files.isReadable(p)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(p);
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                        ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                    }
                }
            }
            return ports;
        }
    }
}
