package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The guard in a plain Quartz application: a StdSchedulerFactory built only from a properties file
 * with the two plugin lines (RAM job store, the guard's own database from guard.yaml, the real
 * OSHI/nio sampler of this machine). A fire is decided, audited and its outcome recorded.
 */
class DropInPluginTest {

    @TempDir
    Path dir;

    /** A CRITICAL job: allowed at every level, so it runs whatever this machine's load is. */
    @Guarded(priority = Priority.CRITICAL)
    public static class Ping implements Job {
        static volatile int runs;

        @Override
        public void execute(JobExecutionContext context) {
            runs++;
            context.setResult("pong");
        }
    }

    @Test
    void plainStdSchedulerFactoryWithTheTwoPluginLinesAuditsDecisions() throws Exception {
        Path db = dir.resolve("guard-db");
        Path yaml = dir.resolve("guard.yaml");
        Files.writeString(yaml, """
                database:
                  url: jdbc:h2:file:%s;AUTO_SERVER=TRUE
                sampling:
                  dataDir: %s
                dashboard:
                  enabled: false
                metrics:
                  port: 0
                audit:
                  spoolDir: %s
                """.formatted(db, dir.resolve("data"), dir.resolve("spool")));
        Path props = dir.resolve("quartz.properties");
        Files.writeString(props, """
                org.quartz.scheduler.instanceName = dropin
                org.quartz.threadPool.threadCount = 2
                org.quartz.jobStore.class = org.quartz.simpl.RAMJobStore
                org.quartz.plugin.guard.class = ai.ringrift.guard.quartz.GuardPlugin
                org.quartz.plugin.guard.configFile = %s
                """.formatted(yaml));
        Scheduler scheduler = new StdSchedulerFactory(props.toString()).getScheduler();
        try {
            scheduler.start();
            scheduler.scheduleJob(JobBuilder.newJob(Ping.class).withIdentity("ping").build(),
                    TriggerBuilder.newTrigger().startNow().build());
            await().atMost(Duration.ofSeconds(30)).until(() -> Ping.runs == 1);
        } finally {
            scheduler.shutdown(true);
        }
        try (Database database = Database.open(DatabaseSettings.h2File(db));
             Connection c = database.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT d.decision, d.priority, d.cpu_source, d.memory_source, "
                     + "d.disk_source, o.success, o.detail FROM guard_decision d JOIN job_outcome o "
                     + "ON o.node_id = d.node_id AND o.decision_seq = d.seq WHERE d.job_name = 'ping'")) {
            assertThat(rs.next()).as("an audited decision with its outcome").isTrue();
            assertThat(rs.getString("decision")).isEqualTo("ALLOW");
            assertThat(rs.getString("priority")).isEqualTo("CRITICAL");
            // the production sampler measured this machine
            assertThat(rs.getString("cpu_source")).isIn("host", "cgroup");
            assertThat(rs.getString("memory_source")).isIn("host", "cgroup");
            assertThat(rs.getString("disk_source")).isEqualTo("nio");
            assertThat(rs.getBoolean("success")).isTrue();
            assertThat(rs.getString("detail")).isEqualTo("pong");
            assertThat(rs.next()).isFalse();
        }
    }
}
