package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.LoadResult;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Misfire;
import java.util.List;
import org.junit.jupiter.api.Test;

/** guard.yaml's job entries become the specs the daemon registers. */
class SchedulerSetupTest {

    @Test
    void aJobsMisfirePolicyReachesItsSpecAndAbsentGivesTheSchedulesDefault() {
        LoadResult r = ConfigLoader.loadString("""
                jobs:
                  - {name: a, class: ai.ringrift.cli.testjobs.TickJob, cron: "0 0 * * * ?", misfire: skip}
                  - {name: b, class: ai.ringrift.cli.testjobs.TickJob, interval: 10m, misfire: fireAll}
                  - {name: c, class: ai.ringrift.cli.testjobs.TickJob, once: true}
                  - {name: d, class: ai.ringrift.cli.testjobs.TickJob, interval: 10m}
                """, "guard.yaml");
        assertThat(r.errors()).isEmpty();
        GuardConfig c = r.config();
        List<Misfire> policies = c.jobs().stream().map(SchedulerSetup::spec).map(JobSpec::misfire).toList();
        assertThat(policies).containsExactly(Misfire.SKIP, Misfire.FIRE_ALL, Misfire.FIRE_ONCE, Misfire.SKIP);
    }
}
