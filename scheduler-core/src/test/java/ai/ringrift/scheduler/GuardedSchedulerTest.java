package ai.ringrift.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import ai.ringrift.scheduler.model.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.Trigger.TriggerState;
import org.quartz.TriggerKey;

/** GuardedScheduler on a real H2 file with real Quartz and Flyway. */
class GuardedSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Database db;
    private GuardedScheduler scheduler;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void openDatabase() {
        db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("ringrift")));
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.shutdown(true);
        }
        db.close();
    }

    private String job(String base) {
        return base + "-" + tag;
    }

    private GuardedScheduler restart() {
        scheduler.shutdown(true);
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults());
        return scheduler;
    }

    @Test
    void cronIntervalAndOneShotJobsComeBackAfterARestartAndFire() {
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults());
        String cron = job("cron");
        String interval = job("interval");
        String once = job("once");
        scheduler.register(JobSpec.builder(cron, CountingJob.class).cron("* * * * * ?").priority(Priority.HIGH)
                .parameter("target", "selfplay").description("every second").build());
        scheduler.register(JobSpec.builder(interval, CountingJob.class).every(Duration.ofSeconds(1))
                .priority(Priority.LOW).needs(ResourceNeeds.of(0.5, 2, 0, 0)).build());
        scheduler.register(JobSpec.builder(once, CountingJob.class).schedule(Schedule.once())
                .priority(Priority.CRITICAL).parameter("n", "1").build());
        List<JobInfo> before = scheduler.list();
        assertThat(before).extracting(JobInfo::name).containsExactly(cron, interval, once);

        restart();

        List<JobInfo> after = scheduler.list();
        assertThat(after).usingRecursiveComparison().ignoringFields("nextFireTime").isEqualTo(before);
        JobInfo c = scheduler.find(cron).orElseThrow();
        assertThat(c.group()).isEqualTo("ringrift");
        assertThat(c.jobClass()).isEqualTo(CountingJob.class.getName());
        assertThat(c.description()).isEqualTo("every second");
        assertThat(c.declaration().priority()).isEqualTo(Priority.HIGH);
        assertThat(c.parameters()).isEqualTo(Map.of("target", "selfplay"));
        assertThat(c.schedule()).isEqualTo("cron * * * * * ?");
        assertThat(c.state()).isEqualTo(TriggerState.NORMAL);
        assertThat(scheduler.find(interval).orElseThrow().schedule()).isEqualTo("every 1s");
        assertThat(scheduler.find(interval).orElseThrow().declaration().needs()).isEqualTo(ResourceNeeds.of(0.5, 2, 0, 0));
        assertThat(scheduler.find(once).orElseThrow().schedule()).startsWith("once at ");
        assertThat(triggerPriority(cron)).isEqualTo(Priority.HIGH.quartzPriority());
        assertThat(triggerPriority(once)).isEqualTo(Priority.CRITICAL.quartzPriority());

        scheduler.start();
        await().atMost(WAIT).until(() -> CountingJob.runs(cron) >= 2 && CountingJob.runs(interval) >= 2
                && CountingJob.runs(once) == 1);
        assertThat(CountingJob.runsOf(cron).get(0)).containsEntry("target", "selfplay")
                .containsEntry(JobDeclaration.KEY_PRIORITY, "HIGH");
        assertThat(CountingJob.runsOf(once).get(0)).containsEntry("n", "1");
        // the one-shot's trigger is gone but the durable job stays
        await().atMost(WAIT).until(() -> scheduler.find(once).orElseThrow().state() == TriggerState.NONE);
        assertThat(scheduler.find(once).orElseThrow().nextFireTime()).isNull();
    }

    @Test
    void declarationRoundTripsThroughTheDatabaseExactly() {
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults());
        JobDeclaration declaration = new JobDeclaration(Priority.HIGH, ResourceNeeds.of(1.5, 0.25, 7.75, 0.1),
                "num_games", 3, Set.of(Resource.DISK, Resource.GPU));
        String name = job("selfplay");
        scheduler.register(JobSpec.builder(name, CountingJob.class).cron("0 0 3 * * ?").declaration(declaration)
                .parameter("num_games", "200").parameter("board", "square8").build());
        String annotated = job("annotated");
        scheduler.register(JobSpec.builder(annotated, AnnotatedJob.class).every(Duration.ofHours(1))
                .parameter("num_games", "50").build());

        restart();

        JobInfo info = scheduler.find(name).orElseThrow();
        assertThat(info.declaration()).isEqualTo(declaration);
        assertThat(info.declaration().needs().gpuMemoryGb()).isEqualTo(7.75);
        assertThat(info.declaration().needs().diskGb()).isEqualTo(0.1);
        assertThat(info.parameters()).isEqualTo(Map.of("num_games", "200", "board", "square8"));
        assertThat(scheduler.find(annotated).orElseThrow().declaration())
                .isEqualTo(JobDeclaration.forClass(AnnotatedJob.class))
                .extracting(JobDeclaration::priority).isEqualTo(Priority.HIGH);
    }

    @Test
    void registeringTheSameNameAgainUpdatesJobAndTriggerAndKeepsAPause() {
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults());
        String name = job("update");
        scheduler.register(JobSpec.builder(name, CountingJob.class).cron("0 0 3 * * ?").parameter("a", "1").build());
        scheduler.pause(name);
        assertThat(scheduler.find(name).orElseThrow().state()).isEqualTo(TriggerState.PAUSED);

        JobInfo updated = scheduler.register(JobSpec.builder(name, AnnotatedJob.class).every(Duration.ofMinutes(10))
                .priority(Priority.CRITICAL).parameter("a", "2").parameter("num_games", "40").build());

        assertThat(scheduler.list()).hasSize(1);
        assertThat(updated.jobClass()).isEqualTo(AnnotatedJob.class.getName());
        assertThat(updated.schedule()).isEqualTo("every 10m");
        assertThat(updated.parameters()).isEqualTo(Map.of("a", "2", "num_games", "40"));
        assertThat(updated.declaration().priority()).isEqualTo(Priority.CRITICAL);
        assertThat(updated.declaration().resizableParam()).isEqualTo("num_games");
        assertThat(updated.state()).isEqualTo(TriggerState.PAUSED);
        assertThat(triggerPriority(name)).isEqualTo(Priority.CRITICAL.quartzPriority());

        scheduler.resume(name);
        assertThat(scheduler.find(name).orElseThrow().state()).isEqualTo(TriggerState.NORMAL);
        scheduler.unregister(name);
        assertThat(scheduler.find(name)).isEmpty();
        assertThat(scheduler.list()).isEmpty();
    }

    @Test
    void refireCarriesDataAndAttemptAndTriggerAddsParameters() {
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults());
        String name = job("deferred");
        JobInfo info = scheduler.register(JobSpec.builder(name, CountingJob.class).cron("0 0 3 1 1 ? 2099")
                .priority(Priority.LOW).parameter("num_games", "100").parameter("board", "hex").build());
        scheduler.start();

        TriggerKey refire = scheduler.refire(info.key(), Map.of("num_games", "25", "reason", "deferred"), 2);
        assertThat(refire.getGroup()).isEqualTo(info.group());
        assertThat(refire.getName()).startsWith(name + ".attempt-2.");
        await().atMost(WAIT).until(() -> CountingJob.runs(name) == 1);
        assertThat(CountingJob.runsOf(name).get(0)).containsEntry(GuardedScheduler.KEY_ATTEMPT, "2")
                .containsEntry("num_games", "25").containsEntry("reason", "deferred").containsEntry("board", "hex");

        TriggerKey manual = scheduler.trigger(name, Map.of("board", "square19"));
        assertThat(manual.getName()).startsWith(name + ".manual.");
        await().atMost(WAIT).until(() -> CountingJob.runs(name) == 2);
        assertThat(CountingJob.runsOf(name).get(1)).containsEntry("board", "square19")
                .containsEntry("num_games", "100").doesNotContainKey(GuardedScheduler.KEY_ATTEMPT);
        // the stored job is unchanged by either
        assertThat(scheduler.find(name).orElseThrow().parameters()).isEqualTo(Map.of("num_games", "100", "board", "hex"));
    }

    @Test
    void unknownNamesListWhatIsRegistered() {
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults());
        assertThatThrownBy(() -> scheduler.trigger("nope", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no job named 'nope' (registered: none)");
        scheduler.register(JobSpec.builder("b", CountingJob.class).cron("0 0 3 * * ?").build());
        scheduler.register(JobSpec.builder("a", CountingJob.class).cron("0 0 3 * * ?").build());
        for (Runnable call : List.<Runnable>of(() -> scheduler.unregister("x"), () -> scheduler.pause("x"),
                () -> scheduler.resume("x"), () -> scheduler.trigger("x", Map.of()))) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no job named 'x' (registered: a, b)");
        }
        assertThatThrownBy(() -> scheduler.refire(JobKey.jobKey("x", "ringrift"), Map.of(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no job ringrift.x to refire (registered: a, b)");
        assertThat(scheduler.find("x")).isEmpty();
    }

    @Test
    void contextHoldsTheDatabaseAndASecondSchedulerOfTheSameNameIsRefused() {
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults());
        assertThat(GuardedScheduler.databaseOf(scheduler.quartz())).isSameAs(db);
        assertThat(scheduler.database()).isSameAs(db);
        assertThatThrownBy(() -> GuardedScheduler.create(db, SchedulerSettings.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a Quartz scheduler named 'ringrift' already runs in this JVM");
        assertThatThrownBy(() -> GuardedScheduler.create(db, SchedulerSettings.defaults().withInstanceName("big")
                .withThreadCount(20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("database.poolSize is 10 but a scheduler with 20 threads needs at least 23");
    }

    private int triggerPriority(String name) {
        try {
            Trigger t = scheduler.quartz().getTrigger(TriggerKey.triggerKey(name, "ringrift"));
            return t.getPriority();
        } catch (org.quartz.SchedulerException e) {
            throw new AssertionError(e);
        }
    }
}
