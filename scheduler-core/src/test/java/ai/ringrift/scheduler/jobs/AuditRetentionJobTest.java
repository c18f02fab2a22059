package ai.ringrift.scheduler.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.audit.AuditFilter;
import ai.ringrift.db.audit.AuditLog;
import ai.ringrift.db.audit.AuditLogSettings;
import ai.ringrift.db.audit.AuditQuery;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/** The retention job run by a real Quartz scheduler (RAMJobStore) against an H2 audit log. */
class AuditRetentionJobTest {

    @TempDir
    Path tmp;

    @Test
    void deletesOnlyRowsOlderThanTheRetention() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("db")))) {
            Instant now = Instant.now();
            try (AuditLog log = new AuditLog(db.dataSource(), AuditLogSettings.defaults(tmp.resolve("spool"))
                    .withNodeId("n"))) {
                for (int ageDays : new int[] {50, 20, 9, 1}) {
                    log.record(row(now.minus(Duration.ofDays(ageDays))));
                }
            }
            assertThat(run(db, "10")).isEqualTo("error: none; result: deleted 2 audit rows older than");
            assertThat(new AuditQuery(db.dataSource()).find(AuditFilter.builder().build()).rows())
                    .extracting(DecisionRow::seq).containsExactly(4L, 3L);
            assertThat(run(db, null)).isEqualTo("error: none; result: deleted 0 audit rows older than");
            assertThat(run(db, "-3")).startsWith("error: AuditRetentionJob: retentionDays must be a whole number");
        }
    }

    @Test
    void isDeclaredBackgroundAndRelievesDisk() {
        Guarded g = AuditRetentionJob.class.getAnnotation(Guarded.class);
        assertThat(g.priority()).isEqualTo(Priority.BACKGROUND);
        assertThat(g.relieves()).containsExactly(Resource.DISK);
    }

    private static DecisionRow row(Instant at) {
        return DecisionRow.builder().decidedAt(at).jobName("selfplay").priority("NORMAL").decision("ALLOW")
                .reasonCode("OK").reason("ok").build();
    }

    /** Runs the job once in a fresh RAMJobStore scheduler; returns "error: ...; result: <prefix>". */
    private static String run(Database db, String retentionDays) throws Exception {
        return run(db, AuditRetentionJob.class, retentionDays);
    }

    /** Runs {@code jobClass} once in a fresh RAMJobStore scheduler; returns "error: ...; result: <prefix>". */
    static String run(Database db, Class<? extends org.quartz.Job> jobClass, String retentionDays) throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "retention-" + UUID.randomUUID());
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        scheduler.getContext().put(AuditRetentionJob.DATABASE_KEY, db);
        AtomicReference<String> outcome = new AtomicReference<>();
        scheduler.getListenerManager().addJobListener(new JobListener() {
            @Override
            public String getName() {
                return "capture";
            }

            @Override
            public void jobToBeExecuted(JobExecutionContext context) {
            }

            @Override
            public void jobExecutionVetoed(JobExecutionContext context) {
            }

            @Override
            public void jobWasExecuted(JobExecutionContext context, JobExecutionException e) {
                String result = String.valueOf(context.getResult());
                int cut = result.indexOf("older than");
                outcome.set("error: " + (e == null ? "none" : e.getMessage()) + "; result: "
                        + (cut < 0 ? result : result.substring(0, cut + "older than".length())));
            }
        });
        JobBuilder job = JobBuilder.newJob(jobClass).withIdentity("retention");
        if (retentionDays != null) {
            job.usingJobData(AuditRetentionJob.RETENTION_DAYS_KEY, retentionDays);
        }
        scheduler.start();
        try {
            scheduler.scheduleJob(job.build(), TriggerBuilder.newTrigger().startNow().build());
            await().atMost(Duration.ofSeconds(20)).until(() -> outcome.get() != null);
            return outcome.get();
        } finally {
            scheduler.shutdown(true);
        }
    }
}
