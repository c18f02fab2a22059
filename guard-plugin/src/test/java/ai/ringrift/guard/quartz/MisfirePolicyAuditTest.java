package ai.ringrift.guard.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.scheduler.GuardedScheduler;
import ai.ringrift.scheduler.SchedulerSettings;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Misfire;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;
import org.quartz.TriggerKey;

/**
 * The guard's audit of misfires under each policy, on a daemon that was down: a guarded scheduler on
 * an H2 file stays in standby (created, not started) until its jobs' first fire times are more than
 * {@code misfireThreshold} (1 s) behind, then starts. Quartz handles those misfires before it starts
 * its plugins; the guard audits them once it runs. {@code skip}: one {@code MISFIRED} row saying it
 * was skipped until the next fire time, and no fire before that time; {@code fireOnce}: one row saying
 * it fires once now, and one fire; {@code fireAll}: no row (Quartz runs every missed time late), a
 * decision for every missed time.
 */
class MisfirePolicyAuditTest {

    private static final Duration PERIOD = Duration.ofSeconds(2);
    private static final String CRON = "0/2 * * * * ?";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void eachPolicysMisfiresAreAuditedAsWhatItDoesAndItsFiresFollow() throws Exception {
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
        Database db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("ringrift")));
        GuardedScheduler scheduler = GuardedScheduler.create(db, SchedulerSettings.defaults()
                .withInstanceName("misfire-policy").withMisfireThreshold(Duration.ofSeconds(1))
                .withProperty("org.quartz.plugin.guard.class", GuardPlugin.class.getName())
                .withProperty("org.quartz.plugin.guard.configFile", config.toString()));
        try {
            Map<Misfire, String> cron = new EnumMap<>(Misfire.class);
            Map<Misfire, String> every = new EnumMap<>(Misfire.class);
            for (Misfire m : Misfire.values()) {
                cron.put(m, register(scheduler, "cron-" + m.key(), Schedule.cron(CRON), m));
                every.put(m, register(scheduler, "every-" + m.key(), Schedule.interval(PERIOD), m));
            }
            Instant cronFirst = scheduler.quartz().getTrigger(TriggerKey.triggerKey(cron.get(Misfire.SKIP),
                    JobSpec.DEFAULT_GROUP)).getNextFireTime().toInstant();
            Instant everyAllStart = scheduler.quartz().getTrigger(TriggerKey.triggerKey(every.get(Misfire.FIRE_ALL),
                    JobSpec.DEFAULT_GROUP)).getStartTime().toInstant();
            // down until three cron times are missed and the next is a second away
            Instant downUntil = cronFirst.plus(PERIOD.multipliedBy(2)).plusSeconds(1);
            await().atMost(WAIT).until(() -> Instant.now().isAfter(downUntil));

            Instant started = Instant.now();
            scheduler.start();
            List<Instant> cronMissed = cronTimes(cronFirst, started);
            int everyMissed = (int) (Duration.between(everyAllStart, started).toMillis() / PERIOD.toMillis()) + 1;
            assertThat(cronMissed).hasSizeGreaterThanOrEqualTo(3);

            await().atMost(WAIT).until(() -> TestJobs.seen(cron.get(Misfire.SKIP)).size() >= 1
                    && TestJobs.seen(every.get(Misfire.SKIP)).size() >= 1
                    && TestJobs.seen(cron.get(Misfire.FIRE_ONCE)).size() >= 2
                    && TestJobs.seen(every.get(Misfire.FIRE_ONCE)).size() >= 2
                    && TestJobs.seen(cron.get(Misfire.FIRE_ALL)).size() >= cronMissed.size() + 1
                    && TestJobs.seen(every.get(Misfire.FIRE_ALL)).size() >= everyMissed + 1
                    && count(db, cron.get(Misfire.FIRE_ALL), "ALLOW") >= cronMissed.size() + 1
                    && count(db, every.get(Misfire.FIRE_ALL), "ALLOW") >= everyMissed + 1
                    && List.of(cron.get(Misfire.SKIP), every.get(Misfire.SKIP), cron.get(Misfire.FIRE_ONCE),
                            every.get(Misfire.FIRE_ONCE)).stream().allMatch(j -> count(db, j, MisfireAudit.DECISION) >= 1));

            // skip: one row naming the next fire time, and that time is the first fire
            for (String job : List.of(cron.get(Misfire.SKIP), every.get(Misfire.SKIP))) {
                List<String> rows = reasons(db, job, MisfireAudit.DECISION);
                String first = TestJobs.seen(job).get(0);
                assertThat(rows).as(job).singleElement().asString().startsWith("fire due at ")
                        .contains("misfire policy skip: skipped until the next fire time " + first);
                assertThat(Instant.parse(first)).as(job + ": nothing ran for the missed times").isAfter(started);
            }
            assertThat(reasons(db, cron.get(Misfire.SKIP), MisfireAudit.DECISION).get(0))
                    .contains(cronMissed.size() + " fire times missed up to now")
                    .contains("on the schedule");
            assertThat(reasons(db, every.get(Misfire.SKIP), MisfireAudit.DECISION).get(0))
                    .contains("the interval keeps its rhythm");

            // fireOnce: one row, one fire for all the missed times, then the schedule
            assertThat(reasons(db, cron.get(Misfire.FIRE_ONCE), MisfireAudit.DECISION)).singleElement().asString()
                    .contains("misfire policy fireOnce: fires once now, then keeps the schedule");
            assertThat(reasons(db, every.get(Misfire.FIRE_ONCE), MisfireAudit.DECISION)).singleElement().asString()
                    .contains("misfire policy fireOnce: fires once now, the interval counts from then");
            for (String job : List.of(cron.get(Misfire.FIRE_ONCE), every.get(Misfire.FIRE_ONCE))) {
                List<String> fires = TestJobs.seen(job);
                assertThat(Instant.parse(fires.get(0))).as(job + ": the one fire, now").isAfterOrEqualTo(started);
                assertThat(Duration.between(Instant.parse(fires.get(0)), Instant.parse(fires.get(1))))
                        .as(job + ": then the schedule's next time").isPositive().isLessThanOrEqualTo(PERIOD);
            }

            // fireAll: no misfire row; every missed time ran, each decided by the guard
            for (String job : List.of(cron.get(Misfire.FIRE_ALL), every.get(Misfire.FIRE_ALL))) {
                assertThat(reasons(db, job, MisfireAudit.DECISION)).as(job).isEmpty();
            }
            assertThat(TestJobs.seen(cron.get(Misfire.FIRE_ALL)).subList(0, cronMissed.size()))
                    .containsExactlyElementsOf(cronMissed.stream().map(Instant::toString).toList());
            List<String> everyTimes = new ArrayList<>();
            for (int k = 0; k < everyMissed; k++) {
                everyTimes.add(everyAllStart.plus(PERIOD.multipliedBy(k)).toString());
            }
            assertThat(TestJobs.seen(every.get(Misfire.FIRE_ALL)).subList(0, everyMissed))
                    .containsExactlyElementsOf(everyTimes);
        } finally {
            scheduler.shutdown(false);
            db.close();
        }
    }

    private String register(GuardedScheduler scheduler, String base, Schedule schedule, Misfire misfire) {
        String name = base + "-" + tag;
        scheduler.register(JobSpec.builder(name, TestJobs.ScheduledAt.class).schedule(schedule).misfire(misfire)
                .priority(Priority.CRITICAL).build());
        return name;
    }

    private static List<Instant> cronTimes(Instant from, Instant to) throws Exception {
        CronExpression c = new CronExpression(CRON);
        List<Instant> out = new ArrayList<>();
        for (Date d = c.getNextValidTimeAfter(Date.from(from.minusMillis(1))); !d.toInstant().isAfter(to);
             d = c.getNextValidTimeAfter(d)) {
            out.add(d.toInstant());
        }
        return out;
    }

    private static long count(Database db, String job, String decision) {
        try {
            return reasons(db, job, decision).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> reasons(Database db, String job, String decision) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT reason FROM guard_decision WHERE job_name = ? AND decision = ? ORDER BY seq")) {
            ps.setString(1, job);
            ps.setString(2, decision);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
