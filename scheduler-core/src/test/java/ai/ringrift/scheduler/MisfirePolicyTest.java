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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.Trigger.TriggerState;
import org.quartz.TriggerKey;

/**
 * Each misfire policy observed with real Quartz on an H2 file: the jobs are registered on a scheduler
 * in standby (created, not started, as a daemon that was down) until their first fire times are more
 * than {@code misfireThreshold} (1 s) behind, then it starts. {@code skip}: nothing runs until the
 * schedule's next time; {@code fireOnce}: one fire at once, then the schedule (an interval counting
 * from that fire); {@code fireAll}: every missed fire time runs, then the schedule. A one-shot with
 * {@code skip} never runs (its trigger completes), with {@code fireOnce} runs once.
 */
public class MisfirePolicyTest {

    private static final Duration PERIOD = Duration.ofSeconds(2);
    private static final String CRON = "0/2 * * * * ?";
    private static final Duration THRESHOLD = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Database db;
    private GuardedScheduler scheduler;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void open() {
        db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("ringrift")));
        scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults().withMisfireThreshold(THRESHOLD));
    }

    @AfterEach
    void close() {
        scheduler.shutdown(true);
        db.close();
    }

    /** A fire: the time Quartz scheduled it for and when it ran. */
    record Fire(Instant scheduled, Instant ran) {
    }

    /** Records each fire's scheduled and actual time, per job name. */
    public static class FireTimes implements Job {
        static final Map<String, List<Fire>> FIRES = new ConcurrentHashMap<>();

        @Override
        public void execute(JobExecutionContext context) {
            FIRES.computeIfAbsent(context.getJobDetail().getKey().getName(), k -> new CopyOnWriteArrayList<>())
                    .add(new Fire(context.getScheduledFireTime().toInstant(), context.getFireTime().toInstant()));
        }

        static List<Fire> of(String job) {
            List<Fire> fires = new ArrayList<>(FIRES.getOrDefault(job, List.of()));
            fires.sort((a, b) -> a.scheduled().compareTo(b.scheduled()));
            return fires;
        }
    }

    @Test
    void eachPolicyHandlesTheFiresMissedInStandbyForCronIntervalAndOneShotJobs() throws Exception {
        Map<Misfire, String> cron = new java.util.EnumMap<>(Misfire.class);
        Map<Misfire, String> every = new java.util.EnumMap<>(Misfire.class);
        for (Misfire m : Misfire.values()) {
            cron.put(m, register("cron-" + m.key(), Schedule.cron(CRON), m));
            every.put(m, register("every-" + m.key(), Schedule.interval(PERIOD), m));
        }
        String onceFire = register("once-fireOnce", Schedule.once(), Misfire.FIRE_ONCE);
        String onceSkip = register("once-skip", Schedule.once(), Misfire.SKIP);

        // the first fire times, as stored: the cron's next even second, each interval's registration time
        Instant cronFirst = trigger(cron.get(Misfire.SKIP)).getNextFireTime().toInstant();
        // registered a moment later, possibly after the next even second (a loaded machine): its own first time
        Instant cronAllFirst = trigger(cron.get(Misfire.FIRE_ALL)).getNextFireTime().toInstant();
        Instant everyStart = trigger(every.get(Misfire.SKIP)).getStartTime().toInstant();
        Instant everyAllStart = trigger(every.get(Misfire.FIRE_ALL)).getStartTime().toInstant();
        // in standby until three cron times are missed and the next one is a second away (mid-period)
        Instant standbyUntil = (cronAllFirst.isAfter(cronFirst) ? cronAllFirst : cronFirst)
                .plus(PERIOD.multipliedBy(2)).plusSeconds(1);
        await().atMost(WAIT).until(() -> Instant.now().isAfter(standbyUntil));
        assertThat(FireTimes.FIRES.keySet()).noneMatch(k -> k.endsWith(tag));

        Instant started = Instant.now();
        scheduler.start();
        Instant startReturned = Instant.now();
        List<Instant> cronMissed = cronTimes(cronAllFirst, started);
        assertThat(cronMissed).hasSizeGreaterThanOrEqualTo(3);
        List<Instant> everyMissed = new ArrayList<>();
        for (Instant t = everyAllStart; !t.isAfter(started); t = t.plus(PERIOD)) {
            everyMissed.add(t);
        }
        assertThat(everyMissed).hasSizeGreaterThanOrEqualTo(3);

        // wait for every repeating job's first fire on its schedule after the start
        await().atMost(WAIT).until(() -> FireTimes.of(cron.get(Misfire.SKIP)).size() >= 1
                && FireTimes.of(every.get(Misfire.SKIP)).size() >= 1
                && FireTimes.of(cron.get(Misfire.FIRE_ONCE)).size() >= 2
                && FireTimes.of(every.get(Misfire.FIRE_ONCE)).size() >= 2
                && FireTimes.of(cron.get(Misfire.FIRE_ALL)).size() >= cronMissed.size() + 1
                && FireTimes.of(every.get(Misfire.FIRE_ALL)).size() >= everyMissed.size() + 1
                && FireTimes.of(onceFire).size() >= 1);

        // skip: no fire for the missed times; the first is the schedule's next time after the start
        Fire cronSkip = FireTimes.of(cron.get(Misfire.SKIP)).get(0);
        assertThat(cronSkip.scheduled()).as("cron skip: the next cron time").isAfter(started)
                .isIn(cronTimes(started, startReturned.plus(PERIOD)));
        assertThat(cronSkip.ran()).as("cron skip: nothing ran before it").isAfter(cronSkip.scheduled().minusMillis(100));
        Fire everySkip = FireTimes.of(every.get(Misfire.SKIP)).get(0);
        assertThat(everySkip.scheduled()).as("interval skip: the next time on its rhythm").isAfter(started)
                .isBeforeOrEqualTo(startReturned.plus(PERIOD));
        assertThat(Duration.between(everyStart, everySkip.scheduled()).toMillis() % PERIOD.toMillis())
                .as("interval skip keeps the rhythm of its start").isZero();
        assertThat(everySkip.ran()).isAfter(everySkip.scheduled().minusMillis(100));

        // fireOnce: one fire at once (scheduled for the moment the misfire was handled), then the schedule
        List<Fire> cronOnce = FireTimes.of(cron.get(Misfire.FIRE_ONCE));
        assertThat(cronOnce.get(0).scheduled()).as("cron fireOnce: fired now").isBetween(started, startReturned);
        assertThat(cronOnce.get(1).scheduled()).as("then the next cron time")
                .isEqualTo(cronTimes(cronOnce.get(0).scheduled().plusMillis(1), cronOnce.get(0).scheduled().plus(PERIOD)).get(0));
        List<Fire> everyOnce = FireTimes.of(every.get(Misfire.FIRE_ONCE));
        assertThat(everyOnce.get(0).scheduled()).as("interval fireOnce: fired now").isBetween(started, startReturned);
        assertThat(everyOnce.get(1).scheduled()).as("then the interval counts from that fire")
                .isEqualTo(everyOnce.get(0).scheduled().plus(PERIOD));

        // fireAll: every missed time runs (late, after the start), then the schedule goes on
        List<Fire> cronAll = FireTimes.of(cron.get(Misfire.FIRE_ALL));
        assertThat(cronAll.subList(0, cronMissed.size())).extracting(Fire::scheduled).containsExactlyElementsOf(cronMissed);
        assertThat(cronAll.subList(0, cronMissed.size())).allSatisfy(f -> assertThat(f.ran()).isAfterOrEqualTo(started));
        assertThat(cronAll.get(cronMissed.size()).scheduled()).as("then the next cron time")
                .isEqualTo(cronTimes(started.plusMillis(1), started.plus(PERIOD)).get(0));
        List<Fire> everyAll = FireTimes.of(every.get(Misfire.FIRE_ALL));
        assertThat(everyAll.subList(0, everyMissed.size())).extracting(Fire::scheduled)
                .containsExactlyElementsOf(everyMissed);
        assertThat(everyAll.subList(0, everyMissed.size())).allSatisfy(f -> assertThat(f.ran()).isAfterOrEqualTo(started));
        assertThat(everyAll.get(everyMissed.size()).scheduled()).as("then the interval's rhythm goes on")
                .isEqualTo(everyAllStart.plus(PERIOD.multipliedBy(everyMissed.size())));

        // one-shots: fireOnce ran once, now; skip completed without running
        assertThat(FireTimes.of(onceFire)).singleElement()
                .satisfies(f -> assertThat(f.scheduled()).isBetween(started, startReturned));
        assertThat(FireTimes.of(onceSkip)).as("a skipped one-shot does not run").isEmpty();
        assertThat(scheduler.find(onceSkip).orElseThrow().state()).as("the skipped one-shot's trigger is gone, not armed")
                .isEqualTo(TriggerState.NONE);
        assertThat(scheduler.find(onceFire).orElseThrow().state()).as("the fired one-shot's trigger is gone")
                .isEqualTo(TriggerState.NONE);
    }

    private String register(String base, Schedule schedule, Misfire misfire) {
        String name = base + "-" + tag;
        scheduler.register(JobSpec.builder(name, FireTimes.class).schedule(schedule).misfire(misfire).build());
        return name;
    }

    private Trigger trigger(String name) throws Exception {
        return scheduler.quartz().getTrigger(TriggerKey.triggerKey(name, JobSpec.DEFAULT_GROUP));
    }

    /** The cron's fire times from {@code from} (inclusive) up to {@code to} (inclusive). */
    private static List<Instant> cronTimes(Instant from, Instant to) throws Exception {
        CronExpression c = new CronExpression(CRON);
        List<Instant> out = new ArrayList<>();
        Date d = c.getNextValidTimeAfter(Date.from(from.minusMillis(1)));
        while (!d.toInstant().isAfter(to)) {
            out.add(d.toInstant());
            d = c.getNextValidTimeAfter(d);
        }
        return out;
    }
}
