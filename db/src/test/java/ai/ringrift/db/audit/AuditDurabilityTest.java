package ai.ringrift.db.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database goes away and comes back (an H2 TCP server stopped and started): no row is lost or doubled. */
class AuditDurabilityTest {

    @TempDir
    Path tmp;

    /**
     * Eight writers, 125 rows each: 40 before the outage, 45 while the database is down, 40 after it
     * is back. The writers wait at each phase's end until the server has been stopped (started): a
     * writer faster than the test's polling cannot finish before the outage begins.
     */
    @Test
    void thousandRowsFromEightThreadsSurviveAnOutage() throws Exception {
        int writers = 8;
        int before = 40;
        int during = 45;
        int after = 40;
        try (H2TcpServer server = new H2TcpServer(tmp.resolve("server"))) {
            String url = migrated(server);
            Set<Long> seqs = ConcurrentHashMap.newKeySet();
            CountDownLatch readyForOutage = new CountDownLatch(writers);
            CountDownLatch outage = new CountDownLatch(1);
            CountDownLatch readyForRestart = new CountDownLatch(writers);
            CountDownLatch restarted = new CountDownLatch(1);
            long spooledDuringOutage;
            boolean reachableDuringOutage;
            try (HikariDataSource ds = H2TcpServer.pool(url);
                    AuditLog log = new AuditLog(ds, settings("node-1"))) {
                ExecutorService pool = Executors.newFixedThreadPool(writers);
                List<Future<?>> running = new ArrayList<>();
                Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
                for (int t = 0; t < writers; t++) {
                    int thread = t;
                    running.add(pool.submit(() -> {
                        for (int i = 0; i < before + during + after; i++) {
                            if (i == before) {
                                readyForOutage.countDown();
                                assertThat(outage.await(30, TimeUnit.SECONDS)).isTrue();
                            } else if (i == before + during) {
                                readyForRestart.countDown();
                                assertThat(restarted.await(30, TimeUnit.SECONDS)).isTrue();
                            }
                            seqs.add(log.record(AuditRows.decision("job-" + thread, "ALLOW", "NORMAL",
                                    t0.plusMillis(thread * 1000L + i))));
                        }
                        return null;
                    }));
                }
                assertThat(readyForOutage.await(30, TimeUnit.SECONDS)).isTrue();
                server.stop();
                outage.countDown();
                assertThat(readyForRestart.await(30, TimeUnit.SECONDS)).isTrue();
                spooledDuringOutage = log.spooledRows();
                reachableDuringOutage = log.databaseReachable();
                server.start();
                restarted.countDown();
                for (Future<?> f : running) {
                    f.get(30, TimeUnit.SECONDS);
                }
                pool.shutdown();
                await().atMost(Duration.ofSeconds(20)).until(() -> log.spooledRows() == 0);
                assertThat(log.databaseReachable()).isTrue();
                assertThat(Files.size(log.spoolFile())).isZero();
            }
            assertThat(spooledDuringOutage).isEqualTo((long) writers * during);
            assertThat(reachableDuringOutage).isFalse();
            assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, 1000).boxed().collect(Collectors.toSet()));
            assertContiguous(url, "node-1", 1000);
        }
    }

    @Test
    void killedProcessSpoolIsReplayedExactlyOnce() throws Exception {
        try (H2TcpServer server = new H2TcpServer(tmp.resolve("server"))) {
            String url = migrated(server);
            server.stop();
            Path spoolDir = tmp.resolve("spool");

            // a real process spools 40 rows while the database is down, then is killed (no close)
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SpoolingChild.class.getName(), url,
                    spoolDir.toString(), "node-k", "40").redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("SPOOLED")) {
                    // skip log lines
                }
                assertThat(line).isEqualTo("SPOOLED 40");
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
            Path spoolFile = spoolDir.resolve("audit-node-k.spool.jsonl");
            assertThat(Files.readAllLines(spoolFile)).hasSize(40);
            // a torn last write (killed mid-line) is never acknowledged and is dropped
            Files.writeString(spoolFile, "{\"t\":\"d\",\"nodeId\":\"node-k\",\"seq\":41,\"decid",
                    java.nio.file.StandardOpenOption.APPEND);

            // restart while the database is still down: numbering continues after the spool
            try (HikariDataSource ds = H2TcpServer.pool(url); AuditLog log = new AuditLog(ds, settings("node-k"))) {
                assertThat(log.databaseReachable()).isFalse();
                assertThat(log.spooledRows()).isEqualTo(40);
                assertThat(log.record(AuditRows.decision("after-restart", "VETO", "LOW", Instant.now()))).isEqualTo(41);
                log.recordOutcome(OutcomeRow.of(41, "DEFAULT", "after-restart", Instant.now(), Instant.now(), false,
                        "java.lang.IllegalStateException", "boom", null));
                assertThat(log.spooledRows()).isEqualTo(42);
            }

            // the database is back, and rows 1..10 already reached it before the crash (ack lost)
            server.start();
            List<DecisionRow> firstTen = Files.readAllLines(spoolFile).stream().limit(10)
                    .map(l -> SpoolCodec.decode(l).decision()).toList();
            try (Connection keepOpen = java.sql.DriverManager.getConnection(url, "sa", ""); // the first open takes a while
                    HikariDataSource ds = H2TcpServer.pool(url)) {
                new AuditWriter(ds).insert(firstTen, List.of(), false);
                try (AuditLog log = new AuditLog(ds, settings("node-k"))) {
                    assertThat(log.spooledRows()).isZero(); // replayed before the constructor returned
                    assertThat(log.databaseReachable()).isTrue();
                    assertThat(log.record(AuditRows.decision("next", "ALLOW", "HIGH", Instant.now()))).isEqualTo(42);
                }
                assertThat(new AuditQuery(ds).outcome("node-k", 41).errorMessage()).isEqualTo("boom");
            }
            assertThat(Files.size(spoolFile)).isZero();
            assertContiguous(url, "node-k", 42);
        }
    }

    /** Migrates the database file embedded (fewer round trips than over TCP), then serves it over TCP. */
    private String migrated(H2TcpServer server) throws Exception {
        Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("server").resolve("audit"))).close();
        server.start();
        return server.url("audit");
    }

    private AuditLogSettings settings(String node) {
        return AuditLogSettings.defaults(tmp.resolve("spool")).withNodeId(node)
                .withReplayInterval(Duration.ofMillis(100));
    }

    private static void assertContiguous(String url, String node, long n) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) "
                        + "FROM guard_decision WHERE node_id = ?")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                        .containsExactly(n, n, 1L, n);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM guard_decision")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(n);
            }
        }
    }
}
