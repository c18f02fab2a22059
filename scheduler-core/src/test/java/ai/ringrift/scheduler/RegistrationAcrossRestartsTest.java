package ai.ringrift.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Misfire;
import ai.ringrift.scheduler.model.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
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

    @Test
    void changingTheMisfirePolicyReplacesTheTriggerAndNamingTheDefaultDoesNot() throws Exception {
        String name = "misfire-" + tag;
        scheduler.register(JobSpec.builder(name, CountingJob.class).every(Duration.ofHours(1)).build());
        Trigger first = trigger(name);
        assertThat(first.getMisfireInstruction()).as("an interval's default: skip")
                .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT);

        restart();
        scheduler.register(JobSpec.builder(name, CountingJob.class).every(Duration.ofHours(1)).misfire(Misfire.SKIP)
                .build());
        assertThat(trigger(name).getStartTime()).as("the default named is the same definition: the trigger stays")
                .isEqualTo(first.getStartTime());

        restart();
        scheduler.register(JobSpec.builder(name, CountingJob.class).every(Duration.ofHours(1))
                .misfire(Misfire.FIRE_ALL).build());
        Trigger all = trigger(name);
        assertThat(all.getMisfireInstruction()).as("a changed policy replaces the trigger")
                .isEqualTo(Trigger.MISFIRE_INSTRUCTION_IGNORE_MISFIRE_POLICY);

        restart();
        scheduler.register(JobSpec.builder(name, CountingJob.class).every(Duration.ofHours(1))
                .misfire(Misfire.FIRE_ONCE).build());
        assertThat(trigger(name).getMisfireInstruction())
                .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT);

        String cron = "misfire-cron-" + tag;
        scheduler.register(JobSpec.builder(cron, CountingJob.class).cron("0 0 * * * ?").build());
        assertThat(trigger(cron).getMisfireInstruction()).as("a cron's default: fireOnce")
                .isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
        scheduler.register(JobSpec.builder(cron, CountingJob.class).cron("0 0 * * * ?").misfire(Misfire.SKIP).build());
        assertThat(trigger(cron).getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
    }

    @Test
    void theFingerprintOfADefaultPolicyIsTheOneStoredBeforePoliciesCouldBeChosen() {
        // an upgrade must not re-register every stored job (resetting rhythms, re-arming fired one-shots):
        // these are the fingerprints the registration computed before the misfire policy existed
        assertThat(JobDefinition.fingerprint(JobSpec.builder("fp", CountingJob.class).every(Duration.ofHours(1)).build()))
                .isEqualTo(PRE_MISFIRE_INTERVAL).isEqualTo(JobDefinition.fingerprint(JobSpec.builder("fp",
                        CountingJob.class).every(Duration.ofHours(1)).misfire(Misfire.SKIP).build()));
        assertThat(JobDefinition.fingerprint(JobSpec.builder("fp", CountingJob.class).schedule(Schedule.once()).build()))
                .isEqualTo(PRE_MISFIRE_ONCE);
        assertThat(JobDefinition.fingerprint(JobSpec.builder("fp", CountingJob.class).every(Duration.ofHours(1))
                .misfire(Misfire.FIRE_ONCE).build())).isNotEqualTo(PRE_MISFIRE_INTERVAL);
    }

    private static final String PRE_MISFIRE_INTERVAL = "b6d363bef969233a4fd656922926f0c9";
    private static final String PRE_MISFIRE_ONCE = "167048232931d88a0284234968d2a8ec";

    private Trigger trigger(String name) throws SchedulerException {
        return scheduler.quartz().getTrigger(TriggerKey.triggerKey(name, JobSpec.DEFAULT_GROUP));
    }
}
