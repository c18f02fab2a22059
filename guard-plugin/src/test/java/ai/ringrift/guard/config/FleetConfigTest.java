package ai.ringrift.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.fleet.FleetSettings;
import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Quartz cluster knobs, the pass-through of {@code org.quartz.*} and the {@code fleet}
 * section bind from guard.yaml and are validated with path and line.
 */
class FleetConfigTest {

    @Test
    void clusterKnobsAndPassThroughBindIntoQuartzProperties() {
        GuardConfig c = ConfigLoaderTest.load("""
                quartz:
                  threadCount: 6
                  checkinInterval: 1s
                  idleWait: 2s
                  batchMaxCount: 4
                  batchWindow: 50ms
                  misfireThreshold: 30s
                  properties:
                    org.quartz.scheduler.skipUpdateCheck: true
                    org.quartz.jobStore.maxMisfiresToHandleAtATime: 5
                fleet:
                  heartbeatInterval: 1s
                  lostAfter: 4s
                  haltFile: /run/ringrift/HALT
                  haltRunsFrom: HIGH
                  scaleJobs: [selfplay, "eval-*"]
                  scaleBand: 3
                """);
        Map<String, String> p = c.quartz().quartzProperties();
        assertThat(p).containsEntry("org.quartz.jobStore.clusterCheckinInterval", "1000")
                .containsEntry("org.quartz.scheduler.idleWaitTime", "2000")
                .containsEntry("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "4")
                .containsEntry("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", "50")
                .containsEntry("org.quartz.jobStore.acquireTriggersWithinLock", "true")
                .containsEntry("org.quartz.scheduler.skipUpdateCheck", "true")
                .containsEntry("org.quartz.jobStore.maxMisfiresToHandleAtATime", "5");
        assertThat(c.quartz().misfireThreshold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.fleet()).isEqualTo(new FleetSettings(Duration.ofSeconds(1), Duration.ofSeconds(4),
                Path.of("/run/ringrift/HALT"), Priority.HIGH, List.of("selfplay", "eval-*"), 3));
        assertThat(c.fleet().scales("eval-nightly")).isTrue();
        assertThat(c.fleet().scales("selfplay-2")).isFalse();
        assertThat(ConfigLoaderTest.load(c.toYaml())).as("written and read back").isEqualTo(c);
    }

    @Test
    void theDefaultsSpreadFrequentFiresAndFindADeadNodeSoon() {
        QuartzConfig q = GuardConfig.defaults().quartz();
        assertThat(q.idleWait()).as("shorter than a 5 s job's period").isEqualTo(Duration.ofSeconds(1));
        assertThat(q.checkinInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(q.batchMaxCount()).isEqualTo(1);
        assertThat(GuardConfig.defaults().fleet()).isEqualTo(FleetSettings.DEFAULTS);
    }

    @Test
    void badKnobsAndOwnedOrForeignPropertiesAreReportedWithTheirLine() {
        LoadResult r = ConfigLoaderTest.loader(Map.of()).loadText("""
                quartz:
                  threadCount: 2
                  idleWait: 500ms
                  checkinInterval: 100ms
                  batchMaxCount: 3
                  properties:
                    org.quartz.jobStore.isClustered: false
                    com.example.thing: 1
                fleet:
                  heartbeatInterval: 5s
                  lostAfter: 6s
                  haltRunsFrom: SOMETIMES
                """, "knobs.yaml");
        assertThat(r.problems()).extracting(Problem::toString).anyMatch(s -> s.startsWith(
                        "knobs.yaml:3: quartz.idleWait: must be at least 1s"))
                .anyMatch(s -> s.startsWith("knobs.yaml:4: quartz.checkinInterval: must be at least 500ms"))
                .anyMatch(s -> s.startsWith("knobs.yaml:5: quartz.batchMaxCount: must be between 1 and 2"))
                .anyMatch(s -> s.startsWith("knobs.yaml:7: quartz.properties.org.quartz.jobStore.isClustered: is set"
                        + " by ringrift"))
                .anyMatch(s -> s.startsWith("knobs.yaml:8: quartz.properties.com.example.thing: must be a Quartz"
                        + " property"))
                .anyMatch(s -> s.startsWith("knobs.yaml:11: fleet.lostAfter: must be at least 2 x"
                        + " fleet.heartbeatInterval"))
                .anyMatch(s -> s.startsWith("knobs.yaml:12: fleet.haltRunsFrom: must be one of"));
    }
}
