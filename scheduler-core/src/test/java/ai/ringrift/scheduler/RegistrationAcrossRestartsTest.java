package ai.ringrift.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.Trigger.TriggerState;
import org.quartz.TriggerKey;

/**
 * Every start registers the configured jobs again: an unchanged job keeps its stored trigger (its
 * rhythm, its next fire time), a one-shot job that already fired is not armed again, a changed one
 * is. Real H2 file, real Quartz, a scheduler restarted on the same store.
 */
class RegistrationAcrossRestartsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Database db;
    private GuardedScheduler scheduler;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void open() {
        db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("ringrift")));
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults());
    }

    @AfterEach
    void close() {
        scheduler.shutdown(true);
        db.close();
    }

    private void restart() {
        scheduler.shutdown(true);
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults());
    }

    @Test
    void anUnchangedJobKeepsItsStoredTriggerAndChangingItReplacesIt() throws Exception {
        String name = "interval-" + tag;
        JobSpec spec = JobSpec.builder(name, CountingJob.class).every(Duration.ofHours(1)).parameter("a", "1").build();
        scheduler.register(spec);
        Trigger first = trigger(name);

        restart();
        // the next start builds the spec again (a new startNow), as the daemon does from guard.yaml
        scheduler.register(JobSpec.builder(name, CountingJob.class).every(Duration.ofHours(1)).parameter("a", "1").build());
        Trigger again = trigger(name);
        assertThat(again.getStartTime()).as("start time (the interval's rhythm)").isEqualTo(first.getStartTime());
        assertThat(again.getNextFireTime()).isEqualTo(first.getNextFireTime());

        scheduler.register(JobSpec.builder(name, CountingJob.class).every(Duration.ofHours(2)).parameter("a", "1").build());
        assertThat(trigger(name).getNextFireTime()).as("a changed schedule replaces the trigger")
                .isNotEqualTo(first.getNextFireTime());
        assertThat(scheduler.find(name).orElseThrow().schedule()).isEqualTo("every 2h");
    }

    @Test
    void aOneShotJobThatFiredIsNotArmedAgainUnlessItsDefinitionChanged() throws Exception {
        String name = "once-" + tag;
        scheduler.register(JobSpec.builder(name, CountingJob.class).schedule(Schedule.once()).parameter("n", "1").build());
        scheduler.start();
        await().atMost(WAIT).until(() -> CountingJob.runs(name) == 1
                && scheduler.find(name).orElseThrow().state() == TriggerState.NONE);

        restart();
        scheduler.register(JobSpec.builder(name, CountingJob.class).schedule(Schedule.once()).parameter("n", "1").build());
        assertThat(scheduler.find(name).orElseThrow().state()).as("the fired one-shot is not armed again")
                .isEqualTo(TriggerState.NONE);

        scheduler.register(JobSpec.builder(name, CountingJob.class).schedule(Schedule.once()).parameter("n", "2").build());
        assertThat(scheduler.find(name).orElseThrow().state()).as("a changed one-shot is armed")
                .isEqualTo(TriggerState.NORMAL);
        scheduler.start();
        await().atMost(WAIT).until(() -> CountingJob.runs(name) == 2);
        assertThat(CountingJob.runsOf(name).get(1)).containsEntry("n", "2");
    }

    @Test
    void recoverIsStoredAsQuartzRequestsRecovery() throws Exception {
        String name = "recover-" + tag;
        scheduler.register(JobSpec.builder(name, CountingJob.class).every(Duration.ofHours(1)).recover(true).build());
        JobDetail d = scheduler.quartz().getJobDetail(JobKey.jobKey(name, JobSpec.DEFAULT_GROUP));
        assertThat(d.requestsRecovery()).isTrue();
        scheduler.register(JobSpec.builder(name, CountingJob.class).every(Duration.ofHours(1)).build());
        assertThat(scheduler.quartz().getJobDetail(JobKey.jobKey(name, JobSpec.DEFAULT_GROUP)).requestsRecovery())
                .as("recovery is part of the definition").isFalse();
    }

    private Trigger trigger(String name) throws SchedulerException {
        return scheduler.quartz().getTrigger(TriggerKey.triggerKey(name, JobSpec.DEFAULT_GROUP));
    }
}
