package ai.ringrift.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.Vendor;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GuardedScheduler on PostgreSQL (own schema): clustered, PostgreSQLDelegate, persistent, firing. */
class GuardedSchedulerPostgresTest {

    @Test
    void runsClusteredOnPostgresqlAndKeepsJobsAcrossARestart() throws Exception {
        try (TestPostgres pg = TestPostgres.freshSchema();
             Database db = Database.openAndMigrate(pg.settings())) {
            assertThat(db.vendor()).isEqualTo(Vendor.POSTGRESQL);
            String name = "pg-" + pg.schema();
            JobDeclaration declaration = new JobDeclaration(Priority.LOW, ResourceNeeds.of(0.5, 1.25, 3.5, 0),
                    "num_games", 2, Set.of(Resource.MEMORY));
            GuardedScheduler first = GuardedScheduler.create(db, SchedulerSettings.defaults().withInstanceName("pg"));
            try {
                assertThat(first.quartz().getMetaData().isJobStoreClustered()).isTrue();
                first.register(JobSpec.builder(name, CountingJob.class).every(Duration.ofSeconds(1))
                        .declaration(declaration).parameter("num_games", "9").build());
            } finally {
                first.shutdown(true);
            }

            GuardedScheduler second = GuardedScheduler.create(db, SchedulerSettings.defaults().withInstanceName("pg"));
            try {
                JobInfo info = second.find(name).orElseThrow();
                assertThat(info.declaration()).isEqualTo(declaration);
                assertThat(info.parameters()).containsEntry("num_games", "9");
                second.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> CountingJob.runs(name) >= 2);
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'pg'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("cluster check-in rows").isGreaterThanOrEqualTo(1);
                }
            } finally {
                second.shutdown(true);
            }
        }
    }
}
