package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.GuardedScheduler;
import ai.ringrift.scheduler.SchedulerSettings;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under a running daemon for longer than the misfire threshold (an H2 TCP
 * server stopped and started): the fires Quartz missed are audited as {@code MISFIRED} rows naming
 * the missed time and the misfire policy, and counted; firing resumes within a few seconds of the
 * database's return (Quartz's 15 s retry interval and the misfire handler's sleep held it back).
 */
class MisfireOutageTest {

    private static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(4);
    /** Well under Quartz's default 15 s retry interval, well over our 2 s. */
    private static final Duration RESUME_BOUND = Duration.ofSeconds(9);

    @TempDir
    Path dir;

    @Test
    void missedFiresAreAuditedAndCountedAndFiringResumesSoonAfterTheDatabaseReturns() throws Exception {
        int port = freePort();
        Server h2 = tcp(port);
        Path config = dir.resolve("guard.yaml");
        Files.writeString(config, """
                sampling:
                  dataDir: %s
                dashboard:
                  enabled: false
                metrics:
                  enabled: false
                audit:
                  spoolDir: %s
                """.formatted(dir.resolve("data"), dir.resolve("spool")));
        DatabaseSettings settings = new DatabaseSettings("jdbc:h2:tcp://127.0.0.1:" + port + "/misfire", "sa", "", 8);
        Database db = Database.openAndMigrate(settings);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GuardedScheduler scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults()
                .withInstanceName("misfire-test").withMisfireThreshold(MISFIRE_THRESHOLD)
                .withProperty("org.quartz.plugin.guard.class", GuardPlugin.class.getName())
                .withProperty("org.quartz.plugin.guard.configFile", config.toString()));
        scheduler.quartz().getContext().put(GuardPlugin.CONTEXT_METER_REGISTRY, prometheus);
        try {
            scheduler.register(JobSpec.builder("tick", TestJobs.Probe.class).every(Duration.ofSeconds(1))
                    .priority(Priority.CRITICAL).build());
            scheduler.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "ALLOW", Instant.EPOCH) >= 2);

            Instant lastFire = Instant.now(); // no fire after the stop: an upper bound of the last fire time
            h2.stop();
            // the outage must outlast the misfire threshold for fires to misfire at all
            Instant longEnough = lastFire.plus(MISFIRE_THRESHOLD).plusSeconds(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(longEnough));
            h2 = tcp(port);
            Instant back = Instant.now();

            await().atMost(Duration.ofSeconds(60)).until(() -> count(db, "ALLOW", back) >= 1
                    && count(db, MisfireAudit.DECISION, Instant.EPOCH) >= 1);
            Instant resumed = firstAllowAfter(db, back);
            assertThat(Duration.between(back, resumed)).as("firing resumed after the database returned")
                    .isLessThan(RESUME_BOUND);
            String reason = reasonOf(db, MisfireAudit.DECISION);
            assertThat(reason).contains("fire due at").contains("misfire policy skip: skipped until the next fire time ")
                    .contains("the interval keeps its rhythm");
            Guard guard = (Guard) scheduler.quartz().getContext().get(Guard.CONTEXT_KEY);
            guard.metrics().refresh();
            assertThat(prometheus.scrape()).containsPattern(
                    "ringrift_guard_decisions_total\\{decision=\"MISFIRED\",priority=\"CRITICAL\",reason=\"MISFIRE\"} [1-9]");
        } finally {
            scheduler.shutdown(false);
            db.close();
            h2.stop();
        }
    }

    private static long count(Database db, String decision, Instant since) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM guard_decision WHERE job_name = 'tick' AND decision = ? AND decided_at >= ?")) {
            ps.setString(1, decision);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Instant firstAllowAfter(Database db, Instant since) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT MIN(decided_at) FROM guard_decision WHERE job_name = 'tick' AND decision = 'ALLOW'"
                        + " AND decided_at >= ?")) {
            ps.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private static String reasonOf(Database db, String decision) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT reason FROM guard_decision WHERE job_name = 'tick' AND decision = ? ORDER BY seq")) {
            ps.setString(1, decision);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static Server tcp(int port) throws Exception {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", "" + Path.of(
                System.getProperty("java.io.tmpdir")).resolve("ringrift-misfire-" + port), "-ifNotExists").start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
