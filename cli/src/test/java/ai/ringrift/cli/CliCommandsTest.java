package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.audit.AuditLog;
import ai.ringrift.db.audit.AuditLogSettings;
import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.GuardedScheduler;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;

/** Every subcommand against a temporary H2 file with registered jobs and audited decisions. */
class CliCommandsTest {

    @TempDir
    Path tmp;
    CliFixture f;
    GuardConfig config;

    private LocalReadings.Restore readings;

    @AfterEach
    void hostReadingsBack() {
        if (readings != null) {
            readings.close();
        }
    }

    /** status, explain and recommend read {@link FixedReadings} instead of this host. */
    private void fixedReadings() {
        readings = LocalReadings.replaceForTests(List.of(new FixedReadings()));
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new CliFixture(tmp, CliFixture.SELFPLAY_JOBS);
        config = ConfigLoader.load(f.config).orThrow();
        try (Database db = Database.openAndMigrate(config.database().toSettings())) {
            GuardedScheduler s = GuardedScheduler.create(db, SchedulerSetup.settings(config));
            try {
                assertThat(RunCommand.register(s, config)).containsExactly("health-check", "selfplay");
            } finally {
                s.shutdown(false);
            }
            try (AuditLog log = new AuditLog(db.dataSource(), new AuditLogSettings("node-a", tmp.resolve("spool"),
                    16, Duration.ofMillis(5), AuditLogSettings.DEFAULT_REPLAY_INTERVAL))) {
                Instant now = Instant.now();
                long resized = log.record(row(now.minusSeconds(7200), "selfplay", "NORMAL", "RESIZE", "LEVEL", 2,
                        "memory 70% of 80% limit (level 2): NORMAL selfplay resized num_games 200 -> 100", 200, 100));
                // that fire's child was killed by the OOM killer (as FireOutcomes records it)
                log.recordOutcome(OutcomeRow.of(resized, "ringrift", "selfplay", now.minusSeconds(7200),
                        now.minusSeconds(7100), false, "ai.ringrift.guard.api.ChildOutOfMemoryException",
                        OutcomeRow.OUT_OF_MEMORY + "selfplay worker (pid 4242) was killed by SIGKILL (exit 137)", null));
                log.record(row(now.minusSeconds(60), "selfplay", "NORMAL", "DEFER", "LEVEL", 4,
                        "cpu 100% of 80% limit (level 4): NORMAL selfplay deferred", 200, null));
                log.record(row(now.minusSeconds(30), "health-check", "CRITICAL", "ALLOW", "LEVEL", 4,
                        "cpu 100% of 80% limit (level 4): CRITICAL health-check allowed", null, null));
            }
        }
    }

    private static DecisionRow row(Instant at, String job, String priority, String decision, String code, int level,
                                   String reason, Integer requested, Integer granted) {
        return DecisionRow.builder().decidedAt(at).jobGroup("ringrift").jobName(job).attempt(1).priority(priority)
                .decision(decision).reasonCode(code).reason(reason).level(level).requestedSize(requested)
                .grantedSize(granted).build();
    }

    @Test
    void jobsListShowsRegisteredJobs() {
        CliFixture.Result r = f.run("jobs", "list");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("NAME", "PRIORITY", "SCHEDULE").contains("health-check", "selfplay", "every 10m",
                "CRITICAL", "mem 2G disk 1G");
    }

    @Test
    void triggerStoresAOneShotTriggerWithTheParameters() throws Exception {
        CliFixture.Result r = f.run("jobs", "trigger", "selfplay", "--param", "num_games=50");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("triggered selfplay with {num_games=50}");
        try (Database db = Database.openAndMigrate(config.database().toSettings())) {
            GuardedScheduler s = GuardedScheduler.create(db, SchedulerSetup.settings(config));
            try {
                var triggers = s.quartz().getTriggersOfJob(JobKey.jobKey("selfplay", "ringrift"));
                assertThat(triggers).hasSize(2);
                assertThat(triggers).anySatisfy(t -> assertThat(t.getJobDataMap().getString("num_games")).isEqualTo("50"));
            } finally {
                s.shutdown(false);
            }
        }
    }

    @Test
    void pauseAndResumeChangeTheState() {
        CliFixture.Result p = f.run("jobs", "pause", "selfplay");
        assertThat(p.code()).as(p.toString()).isZero();
        assertThat(p.out()).contains("paused selfplay (state PAUSED)");
        assertThat(f.run("jobs", "list").out()).containsPattern("selfplay +NORMAL +every 10m +PAUSED");
        CliFixture.Result q = f.run("jobs", "resume", "selfplay");
        assertThat(q.code()).isZero();
        assertThat(q.out()).contains("resumed selfplay (state NORMAL)");
    }

    @Test
    void unknownJobIsExit2NamingItAndTheKnownJobs() {
        for (String sub : new String[] {"trigger", "pause", "resume"}) {
            CliFixture.Result r = f.run("jobs", sub, "selfplai");
            assertThat(r.code()).as(sub).isEqualTo(2);
            assertThat(r.err()).contains("unknown job 'selfplai'").contains("health-check, selfplay");
        }
        CliFixture.Result r = f.run("explain", "selfplai");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown job 'selfplai'").contains("health-check, selfplay");
    }

    @Test
    void auditTableHasAlignedColumnsAndFilters() {
        CliFixture.Result all = f.run("audit", "--since", "1d");
        assertThat(all.code()).as(all.toString()).isZero();
        var lines = all.out().lines().toList();
        assertThat(lines.get(0)).startsWith("TIME (UTC)").contains("JOB", "PRIORITY", "DECISION", "REASON", "LEVEL",
                "SIZE", "OUTCOME", "WHY");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("RESIZE").containsPattern("200->100 +OOM +memory 70%"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("health-check").contains("no outcome"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("DEFER").containsPattern(" - +cpu 100%"));
        int decisionColumn = lines.get(0).indexOf("DECISION");
        assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l.substring(decisionColumn)).matches(
                "(ALLOW|DEFER|RESIZE) .*"));
        assertThat(all.out()).contains("200->100", "3 row(s)");

        CliFixture.Result deferred = f.run("audit", "--decision", "DEFER,VETO", "--job", "selfplay");
        assertThat(deferred.out()).contains("DEFER").doesNotContain("RESIZE").doesNotContain("health-check")
                .contains("1 row(s)");
        CliFixture.Result recent = f.run("audit", "--since", "10m", "--priority", "CRITICAL");
        assertThat(recent.out()).contains("health-check").contains("1 row(s)");
    }

    @Test
    void auditJsonAndCsv() throws Exception {
        CliFixture.Result json = f.run("audit", "--job", "health-check", "--format", "json");
        assertThat(json.code()).as(json.toString()).isZero();
        JsonNode rows = Guard.jsonMapper().readTree(json.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("decision").asText()).isEqualTo("ALLOW");
        assertThat(rows.get(0).get("jobName").asText()).isEqualTo("health-check");

        CliFixture.Result csv = f.run("audit", "--format", "csv", "--limit", "2");
        assertThat(csv.code()).isZero();
        var lines = csv.out().lines().toList();
        assertThat(lines.get(0)).startsWith("nodeId,seq,decidedAt");
        assertThat(lines).hasSize(3);
    }

    @Test
    void badAuditFiltersNameTheOption() {
        assertBad(f.run("audit", "--since", "yesterday"), "--since", "yesterday");
        assertBad(f.run("audit", "--until", "x1"), "--until", "x1");
        assertBad(f.run("audit", "--decision", "MAYBE"), "--decision", "MAYBE");
        assertBad(f.run("audit", "--priority", "URGENT"), "--priority", "URGENT");
        assertBad(f.run("audit", "--limit", "0"), "--limit", "0");
        assertBad(f.run("audit", "summary", "--since", "soon"), "--since", "soon");
    }

    private static void assertBad(CliFixture.Result r, String option, String value) {
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(option).contains(value);
    }

    @Test
    void auditSummaryCountsByDecisionAndPriority() {
        CliFixture.Result r = f.run("audit", "summary", "--since", "1d");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains(": 3").containsPattern("DECISION +NORMAL +CRITICAL +TOTAL")
                .containsPattern("ALLOW +0 +1 +1").containsPattern("DEFER +1 +0 +1")
                .containsPattern("RESIZE +1 +0 +1");
        assertThat(f.run("audit", "summary", "--since", "10m").out()).contains(": 2");
    }

    @Test
    void statusWithoutDaemonShowsLocalReadings() {
        fixedReadings();
        CliFixture.Result r = f.run("status");
        assertThat(r.code()).as(r.toString()).isZero();
        // memory 70 % of 96 GiB under the 80 % limit: level 2, memory the worst; GPU + 96 GiB: HIGH_END
        assertThat(r.out()).startsWith(StatusCommand.LOCAL_NOTE)
                .contains("level    2 Moderate (worst: memory)\n")
                .contains("tier     HIGH_END, target 65%\n")
                .containsPattern("RESOURCE +USED +WARN +MAX +RATIO +STATE +SOURCE +AGE +DETAIL")
                .containsPattern("\ncpu +20% +70% +80% +0\\.25 +OK +host ")
                .containsPattern("\nmemory +70% +70% +80% +0\\.88 +WARN +host ")
                .containsPattern("\ngpu +10% +70% +80% +0\\.13 +OK +nvml ")
                .containsPattern("\ndisk +40% +65% +70% +0\\.57 +OK +nio ")
                .contains("recommendations:\n  - Disk OK at 40%\n"
                        + "  - Memory at 70% (warning at 70%): soon reduce batch sizes or the number of parallel workers\n"
                        + "  - CPU OK at 20%\n  - GPU OK at 10%\n");
    }

    @Test
    void statusJson() throws Exception {
        fixedReadings();
        CliFixture.Result r = f.run("status", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains(StatusCommand.LOCAL_NOTE);
        JsonNode n = Guard.jsonMapper().readTree(r.out());
        assertThat(n.get("level").asInt()).isEqualTo(2);
        assertThat(n.get("worstResource").asText()).isEqualTo("memory");
        assertThat(n.get("tier").asText()).isEqualTo("HIGH_END");
        assertThat(n.get("tierTargetPercent").asDouble()).isEqualTo(65.0);
        assertThat(n.get("resources").findValuesAsText("resource")).containsExactly("cpu", "memory", "gpu", "disk");
        JsonNode memory = n.get("resources").get(1);
        assertThat(memory.get("usedPercent").asDouble()).isEqualTo(70.0);
        assertThat(memory.get("ratio").asDouble()).isEqualTo(0.875);
        assertThat(memory.get("state").asText()).isEqualTo("WARN");
    }

    @Test
    void statusOnThisHostReadsItsOwnSources() throws Exception {
        // no readings injected: the product path (this host's OSHI and java.nio sources)
        CliFixture.Result r = f.run("status", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode resources = Guard.jsonMapper().readTree(r.out()).get("resources");
        for (JsonNode res : resources) {
            switch (res.get("resource").asText()) {
                case "memory" -> assertThat(res.get("source").asText()).isIn("host", "cgroup");
                case "disk" -> assertThat(res.get("source").asText()).isEqualTo("nio");
                default -> assertThat(res.get("detail").asText()).isNotEqualTo("fixed");
            }
        }
        assertThat(resources.findValuesAsText("resource")).contains("cpu", "memory", "disk");
    }

    @Test
    void explainShowsDecisionRuleAndReadings() {
        fixedReadings();
        CliFixture.Result r = f.run("explain", "selfplay");
        assertThat(r.code()).as(r.toString()).isZero();
        // level 2 x NORMAL resizes to half: num_games 200 -> 100 (docs/decisions.md)
        assertThat(r.out()).contains("job       selfplay (NORMAL, from job store)\n")
                .contains("resizable num_games=200 (min 10)")
                .contains("decision  RESIZE (reason LEVEL), num_games 200 -> 100\n")
                .contains("level     2 Moderate (worst: memory at 0.88 of its limit)\n")
                .contains("rule      level 2 x NORMAL -> resize\n")
                .contains("sentence  memory 70% of 80% limit (level 2): NORMAL selfplay resized num_games 200 -> 100\n")
                .containsPattern("\nmemory +70% +70% +80% +0\\.88 +yes +host")
                .containsPattern("\ngpu +10% +70% +80% +0\\.13 +no \\(job needs no GPU\\) +nvml");
    }

    /** A PSI source stalling 66 % of the time (limit 60 %): memory pressure alone sets level 4. */
    private static final class StalledMemory implements ai.ringrift.guard.sample.ReadingSource {
        @Override
        public String name() {
            return "psi";
        }

        @Override
        public java.util.Set<ai.ringrift.scheduler.model.Resource> covers() {
            return java.util.Set.of(ai.ringrift.scheduler.model.Resource.MEMORY_PRESSURE);
        }

        @Override
        public List<ai.ringrift.guard.sample.Reading> read() {
            return List.of(ai.ringrift.guard.sample.Reading.percent(ai.ringrift.scheduler.model.Resource.MEMORY_PRESSURE,
                    66, "psi", Instant.now()));
        }
    }

    @Test
    void explainAndStatusNameMemoryPressureWhenItIsTheWorstSignal() {
        readings = LocalReadings.replaceForTests(List.of(new FixedReadings(), new StalledMemory()));
        CliFixture.Result r = f.run("explain", "selfplay");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("level     4 Critical (worst: memory pressure at 1.10 of its limit)\n")
                .contains("sentence  memory pressure 66% of 60% limit (level 4): NORMAL selfplay deferred")
                .containsPattern("\nmemoryPressure +66% +40% +60% +1\\.10 +yes +psi");
        CliFixture.Result st = f.run("status");
        assertThat(st.out()).contains("level    4 Critical (worst: memoryPressure)")
                .containsPattern("\nmemoryPressure +66% +40% +60% +1\\.10 +OVER +psi");
    }

    @Test
    void recommendPrintsTierTargetAndLines() {
        fixedReadings();
        CliFixture.Result r = f.run("recommend");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("tier    HIGH_END (detected: 96 GB RAM, GPU)\n"
                + "target  65% utilisation\n"
                + "recommendations:\n"
                + "  - Disk OK at 40%\n"
                + "  - Memory at 70% (warning at 70%): soon reduce batch sizes or the number of parallel workers\n"
                + "  - CPU OK at 20%\n"
                + "  - GPU OK at 10%\n"
                + "scale advice: none (no live node runs a job of fleet.scaleJobs)\n");
    }
}
