package ai.ringrift.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.scheduler.model.JobSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobDetail;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

/**
 * {@link OutageAwareJobStore} runs the scheduler's {@link FiredTriggerHook} inside its own
 * transactions (real Quartz on an H2 file): a row the hook writes on the "trigger fired"
 * connection is committed with the fire and visible to the job when it runs, each transaction's
 * end is reported on its thread, and the completion of each fire is reported with its fire id.
 */
class FiredTriggerHookTest {

    @TempDir
    Path dir;
    private Database db;
    private GuardedScheduler scheduler;
    private final String name = "hook-" + UUID.randomUUID().toString().substring(0, 8);
    private final Recorder hook = new Recorder();

    /** Writes each fired trigger's fire id into a table of its own and records the calls. */
    final class Recorder implements FiredTriggerHook {
        final List<String> events = new CopyOnWriteArrayList<>();
        final ThreadLocal<Integer> open = ThreadLocal.withInitial(() -> 0);

        @Override
        public void fired(Connection connection, TriggerFiredBundle bundle) {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO hook_probe VALUES (?)")) {
                ps.setString(1, bundle.getTrigger().getFireInstanceId());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            open.set(open.get() + 1);
            events.add("fired " + bundle.getJobDetail().getKey().getName());
        }

        @Override
        public void completed(Connection connection, OperableTrigger trigger, JobDetail job) {
            events.add("completed " + job.getKey().getName() + " " + (trigger.getFireInstanceId() != null));
        }

        @Override
        public void committed() {
            if (open.get() > 0) {
                events.add("committed " + open.get());
                open.set(0);
            }
        }

        @Override
        public void rolledBack() {
            events.add("rolled back");
        }
    }

    /** Records whether its own fire's probe row was committed before it ran. */
    public static class SeesItsRow implements org.quartz.Job {
        static final List<Boolean> SAW = new CopyOnWriteArrayList<>();
        static volatile Database database;

        @Override
        public void execute(org.quartz.JobExecutionContext ctx) {
            try (Connection c = database.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM hook_probe WHERE fire_id = ?")) {
                ps.setString(1, ctx.getFireInstanceId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    SAW.add(rs.getInt(1) == 1);
                }
            } catch (SQLException e) {
                SAW.add(false);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("db")));
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE hook_probe (fire_id VARCHAR(200))");
        }
        SeesItsRow.database = db;
        SeesItsRow.SAW.clear();
        FiredTriggerHooks.register(name, hook);
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults().withInstanceName(name));
        scheduler.start();
    }

    @AfterEach
    void stop() {
        FiredTriggerHooks.unregister(name, hook);
        if (scheduler != null) {
            scheduler.shutdown(true);
        }
        db.close();
    }

    @Test
    void theHookRunsInsideTheFiredTransactionAndSeesEachCompletion() throws Exception {
        scheduler.register(JobSpec.builder("probe", SeesItsRow.class).cron("0 0 0 1 1 ? 2099").build());
        for (int i = 0; i < 5; i++) {
            scheduler.trigger("probe", Map.of());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> SeesItsRow.SAW.size() == 5
                && hook.events.stream().filter(e -> e.startsWith("completed")).count() == 5);
        assertThat(SeesItsRow.SAW).as("each fire's row was committed before the job ran").containsOnly(true);
        assertThat(hook.events).filteredOn(e -> e.startsWith("fired")).hasSize(5);
        assertThat(hook.events).filteredOn(e -> e.startsWith("committed"))
                .as("each fired transaction committed on the thread that ran it")
                .extracting(e -> Integer.parseInt(e.substring("committed ".length())))
                .matches(counts -> counts.stream().mapToInt(Integer::intValue).sum() == 5);
        assertThat(hook.events).filteredOn(e -> e.startsWith("completed")).containsOnly("completed probe true");
        assertThat(hook.events).doesNotContain("rolled back");
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT fire_id) FROM hook_probe")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(5);
        }
    }

    @Test
    void aSecondHookForTheSameSchedulerIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FiredTriggerHooks.register(name, new Recorder()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(name);
    }
}
