package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.pipeline.DeferralOutcome;
import ai.ringrift.guard.pipeline.DeferralRequest;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.testsupport.Ci;
import ai.ringrift.testsupport.FireCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two guards (two Quartz schedulers, two JobRunr servers, two node ids) on one fresh PostgreSQL
 * database: at most one pending deferral per job, decided by the database. A fire admitted on one
 * node supersedes the deferral made on the other; concurrent deferrals of one job on both nodes
 * leave one pending, each replacing exactly the one before it (no fallback trigger, no error).
 * The two nodes are shared by the tests (each uses its own job).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeDeferralTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    static Path dir;

    private String database;
    private GuardHarness a;
    private GuardHarness b;

    @BeforeAll
    void startTwoNodes() throws Exception {
        database = "rr_lifecycle_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connectOrSkip(); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        DatabaseSettings settings = new DatabaseSettings(SERVER + database, "postgres", "", 8);
        a = node("a", settings);
        b = node("b", settings);
    }

    private GuardHarness node(String id, DatabaseSettings settings) throws Exception {
        Path nodeDir = Files.createDirectories(dir.resolve(id));
        GuardHarness h = new GuardHarness(nodeDir, "node:\n  id: node-" + id + "\n", "two-node-" + id, """
                  initialBackoff: 60s
                  maxBackoff: 60s
                  jitter: 0
                  maxDeferrals: 50
                """).on(settings).start();
        return h;
    }

    @AfterAll
    void stop() throws SQLException {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (database != null) {
            try (Connection admin = DriverManager.getConnection(SERVER + "test", "postgres", "");
                 Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static void register(GuardHarness h, String job) {
        h.scheduler.register(JobSpec.builder(job, TestJobs.Probe.class).priority(Priority.BACKGROUND)
                .cron(NEVER).build());
    }

    @Test
    void aFireAdmittedOnOneNodeSupersedesTheDeferralMadeOnTheOther() throws Exception {
        String job = "two-node-supersede";
        register(a, job);
        register(b, job);
        a.level(1); // node a is pressured, node b is not
        b.level(0);
        a.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> pending(a, job).size() == 1);
        PendingDeferral deferredOnA = pending(a, job).get(0);
        assertThat(deferredOnA.nodeId()).isEqualTo("node-a");

        b.scheduler.trigger(job, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> TestJobs.seen(job).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.count(
                "SELECT COUNT(*) FROM guard_decision WHERE job_name = ? AND decision = 'SUPERSEDED' AND node_id = ?",
                job, "node-b") == 1);
        assertThat(pending(a, job)).isEmpty();
        assertThat(b.guard().jobrunr().orElseThrow().storage().getJobById(deferredOnA.jobrunrId()).getState())
                .isEqualTo(StateName.DELETED);
        assertThat(TestJobs.seen(job)).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                FireCounts.assertConsistent(a.db.dataSource(), "ringrift", a.fires.get() + b.fires.get()));
    }

    @Test
    void concurrentDeferralsOfOneJobOnBothNodesLeaveOnePendingEachReplacingTheOneBefore() throws Exception {
        String job = "two-node-concurrent";
        register(a, job);
        register(b, job);
        List<Guard> guards = List.of(a.guard(), b.guard());
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<DeferralOutcome>> futures = new ArrayList<>();
        Instant runAt = Instant.now().plus(Duration.ofHours(1));
        try {
            for (int i = 0; i < n; i++) {
                Guard g = guards.get(i % 2);
                int attempt = i + 1;
                futures.add(pool.submit(() -> {
                    go.await();
                    return g.deferrals().defer(new DeferralRequest("ringrift", job, "BACKGROUND", 5, Map.of(),
                            attempt, "concurrent deferral " + attempt, null, attempt, Instant.now()), runAt);
                }));
            }
            go.countDown();
            List<DeferralOutcome> outcomes = new ArrayList<>();
            for (Future<DeferralOutcome> f : futures) {
                outcomes.add(f.get());
            }
            // every one stored by JobRunr (none fell back to a Quartz trigger, none failed)
            assertThat(outcomes).extracting(DeferralOutcome::kind).containsOnly(DeferralOutcome.Kind.STORED);
            List<PendingDeferral> pending = pending(a, job);
            assertThat(pending).hasSize(1);
            Set<UUID> stored = new HashSet<>();
            List<UUID> replaced = new ArrayList<>();
            for (DeferralOutcome o : outcomes) {
                stored.add(o.id());
                if (o.replaced() != null) {
                    replaced.add(o.replaced().jobrunrId());
                }
            }
            // a chain: all but the survivor were replaced, each exactly once (one SUPERSEDED row each)
            assertThat(replaced).doesNotHaveDuplicates().hasSize(n - 1);
            Set<UUID> expected = new HashSet<>(stored);
            expected.remove(pending.get(0).jobrunrId());
            assertThat(new HashSet<>(replaced)).isEqualTo(expected);
            var jobrunr = a.guard().jobrunr().orElseThrow().storage();
            assertThat(jobrunr.getJobById(pending.get(0).jobrunrId()).getState()).isEqualTo(StateName.SCHEDULED);
            for (UUID id : expected) {
                assertThat(jobrunr.getJobById(id).getState()).as("replaced deferral " + id)
                        .isEqualTo(StateName.DELETED);
            }
            assertThat(a.count("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_group = ?",
                    QuartzRefire.TRIGGER_GROUP)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The pending deferrals of {@code job} (the nodes are shared by the tests). */
    private static List<PendingDeferral> pending(GuardHarness h, String job) throws Exception {
        return h.guard().deferrals().pending().stream().filter(p -> p.jobName().equals(job)).toList();
    }

    private static Connection connectOrSkip() {
        try {
            return DriverManager.getConnection(SERVER + "test", "postgres", "");
        } catch (SQLException e) {
            if (Ci.active()) {
                throw new AssertionError("PostgreSQL at 127.0.0.1:5432 is required under CI: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL not reachable: " + e.getMessage());
            return null;
        }
    }
}
