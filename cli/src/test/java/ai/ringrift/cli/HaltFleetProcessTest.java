package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.testsupport.Ci;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet as one system, each node a separate {@code ringrift run} JVM on a fresh PostgreSQL
 * database: a job firing every 2 s spreads over the nodes; {@code ringrift halt --fleet} from the CLI
 * makes every node defer its non-CRITICAL fires (reason HALT) from its next heartbeat while CRITICAL
 * runs; a node started during the halt is halted before its first fire; {@code ringrift resume --fleet}
 * releases them all; both are audited with who and why; {@code status --fleet} shows a node killed with
 * SIGKILL as lost, with since when; {@code recommend}'s advice follows a node's utilisation across its
 * tier target (readings injected through the sampler's source, {@link FileReadingsDaemon}).
 */
class HaltFleetProcessTest {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @TempDir
    Path tmp;

    private String database;
    private final Map<String, Process> nodes = new LinkedHashMap<>();

    @BeforeEach
    void createDatabase() {
        database = "rr_fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            if (Ci.active()) {
                Assertions.fail("CI is set but PostgreSQL does not answer at " + SERVER + ": " + e.getMessage());
            }
            Assumptions.abort("PostgreSQL does not answer at " + SERVER + " (" + e.getMessage() + ") and CI is unset");
        }
    }

    @AfterEach
    void stopAndDrop() throws Exception {
        for (Process p : nodes.values()) {
            p.destroy();
        }
        for (Process p : nodes.values()) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void haltResumeLostNodesAndAdviceAcrossSeparateDaemons() throws Exception {
        Path n1 = config("n1");
        start("n1");
        await().atMost(Duration.ofSeconds(90)).until(() -> alive()
                && count("SELECT COUNT(*) FROM guard_node WHERE node_id = 'n1'") == 1);
        start("n2"); // one after the other: the first start migrates the schema and JobRunr's tables
        // frequent fires spread over the nodes
        await().atMost(Duration.ofSeconds(90)).until(() -> alive()
                && count("SELECT COUNT(*) FROM guard_node WHERE node_id = 'n2'") == 1);
        Instant bothUp = Instant.now();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> alive() && distinctNodes("selfplay-tick", "ALLOW", bothUp) >= 2
                            && count("SELECT COUNT(*) FROM guard_decision WHERE job_name = 'selfplay-tick'"
                            + " AND decided_at > ?", ts(bothUp)) >= 10);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Assertions.fail("a 2 s job did not spread over two nodes: " + perNode("selfplay-tick", "ALLOW", bothUp)
                    + "\n" + logs(), e);
        }
        System.out.println("selfplay-tick (every 2 s) ALLOW rows per node once both ran: "
                + perNode("selfplay-tick", "ALLOW", bothUp));

        String metrics = metricsUrl("n1");
        CliFixture.Result halt = run(n1, "halt", "--fleet", "--reason", "bad model pushed");
        assertThat(halt.code()).as(halt.toString()).isZero();
        assertThat(halt.out()).contains("halted fleet-wide by").contains(": bad model pushed");
        Instant haltedAt = one("SELECT decided_at FROM guard_decision WHERE decision = 'HALT' AND node_id LIKE 'cli@%'");
        // every node enters the halt at its next heartbeat: its own HALT row
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeHaltRows("HALT").keySet().containsAll(List.of("n1", "n2")));
        Map<String, Instant> entered = nodeHaltRows("HALT");
        for (String n : List.of("n1", "n2")) {
            Duration lag = Duration.between(haltedAt, entered.get(n));
            System.out.println(n + " entered the halt " + lag.toMillis() + " ms after `ringrift halt`");
            assertThat(lag).as(n + ": within a heartbeat (" + HEARTBEAT + ") plus scheduling slack")
                    .isLessThan(HEARTBEAT.plusSeconds(4));
        }

        assertThat(scrape(metrics)).contains("ringrift_guard_halted 1.0");
        start("n3"); // joins during the halt
        await().atMost(Duration.ofSeconds(90)).until(() -> nodeHaltRows("HALT").containsKey("n3")
                && count("SELECT COUNT(*) FROM guard_node WHERE node_id = 'n3' AND halted") == 1);
        Instant lastEntered = max(nodeHaltRows("HALT").values());
        // work goes on being decided while halted: tick deferred with HALT, health (CRITICAL) allowed
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("SELECT COUNT(*) FROM guard_decision WHERE job_name = 'selfplay-tick' AND reason_code = 'HALT'"
                        + " AND decision = 'DEFER' AND decided_at > ?", ts(lastEntered)) >= 2
                && count("SELECT COUNT(*) FROM guard_decision WHERE job_name = 'health' AND decision = 'ALLOW'"
                        + " AND decided_at > ?", ts(lastEntered)) >= 1);

        CliFixture.Result resume = run(n1, "resume", "--fleet", "--reason", "rolled back");
        assertThat(resume.code()).as(resume.toString()).isZero();
        assertThat(resume.out()).contains("resumed: halted fleet-wide");
        Instant resumedAt = one("SELECT decided_at FROM guard_decision WHERE decision = 'RESUME' AND node_id LIKE 'cli@%'");
        for (String n : List.of("n1", "n2", "n3")) {
            Instant in = nodeHaltRows("HALT").get(n);
            assertThat(count("SELECT COUNT(*) FROM guard_decision WHERE node_id = ? AND job_name = 'selfplay-tick'"
                    + " AND decision IN ('ALLOW', 'RESIZE') AND decided_at > ? AND decided_at < ?", n, ts(in),
                    ts(resumedAt))).as(n + ": no non-CRITICAL fire admitted while it was halted").isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM guard_decision WHERE node_id = 'n3' AND job_name = 'selfplay-tick'"
                + " AND decision IN ('ALLOW', 'RESIZE') AND decided_at < ?", ts(resumedAt)))
                .as("the node that joined during the halt never ran tick before resume").isZero();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT COUNT(*) FROM guard_node WHERE halted") == 0
                        && nodeHaltRows("RESUME").keySet().containsAll(List.of("n1", "n2", "n3")));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM guard_decision"
                + " WHERE job_name = 'selfplay-tick' AND decision = 'ALLOW' AND decided_at > ?", ts(resumedAt)) >= 2);
        assertThat(count("SELECT COUNT(*) FROM guard_decision WHERE node_id LIKE 'cli@%' AND reason_code = 'HALT'"
                + " AND reason LIKE '%by %@%'")).as("halt and resume audited with who and why").isEqualTo(2);

        // a node killed with SIGKILL is shown lost, with since when
        nodes.remove("n2").destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            CliFixture.Result r = run(n1, "status", "--fleet");
            return r.out().lines().anyMatch(l -> l.startsWith("n2 ") && l.contains("LOST since"));
        });
        CliFixture.Result fleet = run(n1, "status", "--fleet", "--json");
        JsonNode json = Guard.jsonMapper().readTree(fleet.out());
        Map<String, String> states = new LinkedHashMap<>();
        json.get("nodes").forEach(n -> states.put(n.get("node").asText(), n.get("state").asText()));
        assertThat(states).containsEntry("n1", "LIVE").containsEntry("n2", "LOST").containsEntry("n3", "LIVE");
        System.out.println(run(n1, "status", "--fleet").out());

        assertThat(scrape(metrics)).contains("ringrift_guard_halted 0.0");

        // scale advice follows n1's utilisation (its sampler's readings) across its tier target
        await().atMost(Duration.ofSeconds(30)).until(() -> run(n1, "recommend").out().lines().anyMatch(l ->
                l.contains("n1 ") && l.contains("add 1 selfplay-tick worker: gpu 30% 30% below the MID_TIER target 60%")));
        assertThat(scrape(metrics)).contains("ringrift_guard_scale_advice{job_name=\"selfplay-tick\"} 1.0");
        readings("n1", 66); // above the target, still below the GPU's warn band (level 1)
        await().atMost(Duration.ofSeconds(30)).until(() -> run(n1, "recommend").out().lines().anyMatch(l ->
                l.contains("n1 ") && l.contains("gpu 66% 6% above the MID_TIER target 60%")));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                scrape(metrics).contains("ringrift_guard_scale_advice{job_name=\"selfplay-tick\"} 0.0"));
    }

    private void readings(String node, double gpu) throws Exception {
        Files.writeString(tmp.resolve(node).resolve("readings.properties"),
                "cpu=20\nmemory=30\ndisk=40\ngpu=" + gpu + "\n");
    }

    private String metricsUrl(String node) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^metrics +(http://\\S+)$")
                .matcher(Files.readString(tmp.resolve(node).resolve("daemon.out")));
        assertThat(m.find()).as("metrics address of " + node).isTrue();
        return m.group(1);
    }

    private static String scrape(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private Path config(String node) throws Exception {
        Path dir = tmp.resolve(node);
        Files.createDirectories(dir);
        String d = dir.toAbsolutePath().toString().replace('\\', '/');
        Path config = dir.resolve("guard.yaml");
        readings(node, 30); // level 0 on a busy CI host too; MID_TIER (GPU, 64 GiB), target 60 %
        Files.writeString(config, "node:\n  id: " + node + "\n"
                + "database:\n  url: " + SERVER + database + "\n  user: postgres\n  password: \"\"\n"
                + "dashboard:\n  port: 0\nmetrics:\n  port: 0\n"
                + "quartz:\n  threadCount: 2\n  checkinInterval: 1s\n"
                + "sampling:\n  dataDir: " + d + "/data\n  diskPaths: [" + d + "]\n"
                + "audit:\n  spoolDir: " + d + "/spool\n"
                + "spawnRate:\n  perMinute: 6000\n  burst: 1000\n"
                + "deferral:\n  initialBackoff: 2s\n  maxBackoff: 4s\n  maxDeferrals: 1000\n"
                + "fleet:\n  heartbeatInterval: 1s\n  lostAfter: 4s\n"
                + "jobs:\n"
                + "  - name: selfplay-tick\n    class: ai.ringrift.cli.testjobs.ProbeJob\n    interval: 2s\n    priority: NORMAL\n"
                + "  - name: health\n    class: ai.ringrift.cli.testjobs.ProbeJob\n    interval: 3s\n"
                + "    priority: CRITICAL\n");
        return config;
    }

    private void start(String node) throws Exception {
        Path config = Files.exists(tmp.resolve(node).resolve("guard.yaml")) ? tmp.resolve(node).resolve("guard.yaml")
                : config(node);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-Dringrift.test.readings="
                + config.getParent().resolve("readings.properties"), "-cp", System.getProperty("java.class.path"),
                FileReadingsDaemon.class.getName(), "run", "--config", config.toString()))
                .directory(config.getParent().toFile())
                .redirectOutput(config.getParent().resolve("daemon.out").toFile())
                .redirectError(config.getParent().resolve("daemon.err").toFile())
                .start();
        nodes.put(node, p);
    }

    /** The tail of every daemon's output, for failure messages. */
    private String logs() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String n : nodes.keySet()) {
            for (String f : List.of("daemon.out", "daemon.err")) {
                String text = Files.readString(tmp.resolve(n).resolve(f));
                sb.append("--- ").append(n).append(' ').append(f).append(" ---\n")
                        .append(text.substring(Math.max(0, text.length() - 3000))).append('\n');
            }
        }
        return sb.toString();
    }

    private boolean alive() throws Exception {
        for (Map.Entry<String, Process> e : nodes.entrySet()) {
            if (!e.getValue().isAlive()) {
                Path dir = tmp.resolve(e.getKey());
                Assertions.fail("daemon " + e.getKey() + " exited " + e.getValue().exitValue() + ":\n"
                        + Files.readString(dir.resolve("daemon.out")) + Files.readString(dir.resolve("daemon.err")));
            }
        }
        return true;
    }

    private static CliFixture.Result run(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return CliFixture.raw(all.toArray(String[]::new));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVER + database, "postgres", "");
    }

    private long count(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if (e.getMessage().contains("does not exist")) {
                return 0; // not migrated yet
            }
            throw e;
        }
    }

    private long distinctNodes(String job, String decision, Instant after) throws SQLException {
        return count("SELECT COUNT(DISTINCT node_id) FROM guard_decision WHERE job_name = ? AND decision = ?"
                + " AND decided_at > ?", job, decision, ts(after));
    }

    private Map<String, Long> perNode(String job, String decision, Instant after) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT node_id, COUNT(*) FROM"
                + " guard_decision WHERE job_name = ? AND decision = ? AND decided_at > ? GROUP BY node_id"
                + " ORDER BY node_id")) {
            ps.setString(1, job);
            ps.setString(2, decision);
            ps.setTimestamp(3, ts(after));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return m;
    }

    /** The first HALT or RESUME row each node wrote about itself (job halt:NODE). */
    private Map<String, Instant> nodeHaltRows(String decision) throws SQLException {
        Map<String, Instant> m = new LinkedHashMap<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT node_id, MIN(decided_at)"
                + " FROM guard_decision WHERE decision = ? AND node_id NOT LIKE 'cli@%' GROUP BY node_id")) {
            ps.setString(1, decision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        } catch (SQLException e) {
            if (e.getMessage().contains("does not exist")) {
                return m;
            }
            throw e;
        }
        return m;
    }

    private Instant one(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    private static Instant max(java.util.Collection<Instant> all) {
        return all.stream().max(Instant::compareTo).orElseThrow();
    }
}
