package ai.ringrift.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.spring.app.CountingJob;
import ai.ringrift.spring.app.StarterTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A small Spring Boot application (Spring's Quartz on a JDBC job store, its own Flyway migration,
 * actuator with Prometheus) with the starter on its class path and guard settings under
 * {@code ringrift.*}: the guard guards its fires, audits them in its database, defers under
 * pressure, and its meters are at {@code /actuator/prometheus}.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StarterSpringBootTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    Scheduler scheduler;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    StarterTestApplication.Readings readings;
    @Autowired
    RingriftGuardLifecycle guard;
    @LocalServerPort
    int port;

    @AfterEach
    void healthyAgain() {
        readings.reset();
        await().atMost(WAIT).until(() -> guard.guard().status().level() == 0);
    }

    @Test
    void aGuardedFireIsAuditedInTheApplicationsDatabase() throws Exception {
        int before = CountingJob.RUNS.get();
        long allowsBefore = decisions("ALLOW");
        scheduler.triggerJob(JobKey.jobKey(CountingJob.NAME));

        await().atMost(WAIT).until(() -> CountingJob.RUNS.get() == before + 1);
        await().atMost(WAIT).until(() -> decisions("ALLOW") == allowsBefore + 1);
        assertThat(jdbc.queryForObject("SELECT priority FROM guard_decision WHERE job_name = ? ORDER BY seq DESC"
                + " FETCH FIRST 1 ROWS ONLY", String.class, CountingJob.NAME)).isEqualTo("NORMAL");
        // and its outcome, written by the guard's job listener on Spring's scheduler
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM job_outcome WHERE job_name = ?", Long.class, CountingJob.NAME) >= 1);
    }

    @Test
    void aFireUnderPressureIsDeferredDurably() throws Exception {
        readings.set(Resource.DISK, 99.0);
        await().atMost(WAIT).until(() -> guard.guard().status().level() == 4);
        int before = CountingJob.RUNS.get();
        long defersBefore = decisions("DEFER");

        scheduler.triggerJob(JobKey.jobKey(CountingJob.NAME));

        await().atMost(WAIT).until(() -> decisions("DEFER") == defersBefore + 1);
        assertThat(jdbc.queryForObject("SELECT reason_code FROM guard_decision WHERE job_name = ? AND decision = 'DEFER'"
                + " ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY", String.class, CountingJob.NAME)).isEqualTo("LEVEL");
        // the deferral is a JobRunr job in the application's database (visible in JobRunr's dashboard)
        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM guard_deferral WHERE job_name = ?",
                Long.class, CountingJob.NAME) == 1);
        String jobrunrId = jdbc.queryForObject("SELECT jobrunr_id FROM guard_deferral WHERE job_name = ?", String.class,
                CountingJob.NAME);
        assertThat(jdbc.queryForObject("SELECT state FROM ringrift_jobrunr_jobs WHERE id = ?", String.class, jobrunrId))
                .isEqualTo("SCHEDULED");
        assertThat(CountingJob.RUNS.get()).isEqualTo(before);
    }

    @Test
    void theGuardsMetersAreInTheActuatorsPrometheusEndpoint() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("ringrift_resource_degradation_level")
                .contains("ringrift_resource_disk_used_percent")
                .contains("ringrift_guard_deferrals_pending");
    }

    @Test
    void theGuardsMigrationsKeepAHistoryOfTheirOwnBesideTheApplications() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"script\" = 'V1__app_notes.sql'",
                Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM \"ringrift_schema_history\" WHERE \"success\" = TRUE",
                Long.class)).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_note", Long.class)).isZero();
    }

    private long decisions(String decision) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM guard_decision WHERE job_name = ? AND decision = ?",
                Long.class, CountingJob.NAME, decision);
    }
}
