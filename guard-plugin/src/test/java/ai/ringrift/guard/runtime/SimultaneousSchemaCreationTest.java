package ai.ringrift.guard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.guard.jobrunr.JobRunrRuntime;
import ai.ringrift.guard.jobrunr.JobRunrSettings;
import ai.ringrift.testsupport.Ci;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Nodes starting at the same moment on an empty PostgreSQL database: each makes the schema the
 * way a node does (Flyway migrations, then JobRunr's own tables) on its own pool, released together
 * by a barrier. Every node succeeds in every round: one advisory lock serialises all schema
 * creation. Without it JobRunr's creator and Flyway's history table raced
 * ({@code relation ... already exists}). Rounds: {@code -Dringrift.starts.rounds} (default 5; the
 * issue's 20 with {@code -Dringrift.starts.rounds=20}); a fresh database per round.
 */
class SimultaneousSchemaCreationTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final int NODES = 3;

    @Test
    void threeNodesCreatingTheSchemaTogetherAllSucceedEveryRound() throws Exception {
        requireServer();
        int rounds = Integer.getInteger("ringrift.starts.rounds", 5);
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        List<String> failures = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                String name = "rr_starts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                        .toLowerCase(Locale.ROOT);
                admin("CREATE DATABASE " + name);
                try {
                    CyclicBarrier together = new CyclicBarrier(NODES);
                    List<Future<?>> nodes = new ArrayList<>();
                    for (int n = 0; n < NODES; n++) {
                        nodes.add(pool.submit(() -> {
                            try (Database db = Database.open(new DatabaseSettings(SERVER + name, "postgres", "", 3))) {
                                together.await(30, TimeUnit.SECONDS);
                                db.migrate();
                                // JobRunr's tables: all nodes at once again (a node's Quartz start sits between)
                                together.await(60, TimeUnit.SECONDS);
                                StorageProvider storage = db.underSchemaLock(
                                        () -> JobRunrRuntime.openStorage(db.dataSource(), JobRunrSettings.defaults()));
                                storage.close();
                            }
                            return null;
                        }));
                    }
                    for (int n = 0; n < NODES; n++) {
                        try {
                            nodes.get(n).get(120, TimeUnit.SECONDS);
                        } catch (java.util.concurrent.ExecutionException e) {
                            failures.add("round " + round + " node " + n + ": " + e.getCause());
                        }
                    }
                } finally {
                    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as(NODES + " nodes x " + rounds + " rounds").isEmpty();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void requireServer() {
        try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", "")) {
            return;
        } catch (SQLException e) {
            if (Ci.active()) {
                Assertions.fail("CI is set but PostgreSQL does not answer at " + SERVER + "test: " + e.getMessage());
            }
            Assumptions.abort("PostgreSQL does not answer at " + SERVER + "test: " + e.getMessage());
        }
    }
}
