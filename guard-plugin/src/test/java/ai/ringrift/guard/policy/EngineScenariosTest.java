package ai.ringrift.guard.policy;

import static ai.ringrift.guard.policy.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GPU counting, reclaim jobs, stale snapshots, guard errors and shadow mode. */
class EngineScenariosTest {

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void gpuCountsOnlyForJobsThatNeedGpuMemory() {
        DecisionEngine e = Fixtures.engine(clock);
        Snapshot s = Fixtures.percents(T0, 10, 10, 10, 95.0); // gpu ratio 1.19: level 4
        Decision cpuJob = e.decide(GuardRequest.of("cpu", Fixtures.job(Priority.LOW)), s);
        assertThat(cpuJob.level()).isZero();
        assertThat(cpuJob.action()).isEqualTo(Action.ALLOW);
        assertThat(cpuJob.ratios()).containsKeys(Resource.GPU, Resource.CPU, Resource.MEMORY, Resource.DISK);
        assertThat(cpuJob.worstResource()).isNotEqualTo(Resource.GPU);

        Decision gpuJob = e.decide(GuardRequest.of("gpu", Fixtures.needs(Priority.LOW, 0, 0, 8, 0)), s);
        assertThat(gpuJob.level()).isEqualTo(4);
        assertThat(gpuJob.worstResource()).isEqualTo(Resource.GPU);
        assertThat(gpuJob.action()).isEqualTo(Action.DEFER);
        assertThat(gpuJob.sentence()).isEqualTo("gpu 95% of 80% limit (level 4): LOW gpu deferred");
        assertThat(e.currentLevel()).isEqualTo(4);
    }

    /**
     * Issue 16: this test used to pin a BACKGROUND job needing 8 GB of GPU memory as allowed at
     * level 0 on a snapshot without a GPU reading. A missing reading now counts for the jobs that
     * need it: {@link RequiredReadings} names it and the pipeline decides such a job by the fail
     * policy (RequiredReadingsPipelineTest); the engine itself decides on what is measured, so a
     * job that does not need the resource is not affected.
     */
    @Test
    void aMissingReadingCountsOnlyForJobsThatNeedIt() {
        DecisionEngine e = Fixtures.engine(clock);
        Snapshot s = Fixtures.snapshot(T0, List.of(Reading.percent(Resource.CPU, 10, "host", T0),
                Reading.percent(Resource.MEMORY, 10, "host", T0), Reading.percent(Resource.DISK, 10, "nio", T0)),
                Map.of());
        JobDeclaration gpuJob = Fixtures.needs(Priority.BACKGROUND, 0, 0, 8, 0);
        assertThat(RequiredReadings.missing(s, gpuJob, T0)).isEqualTo("gpu (no reading)");
        assertThat(RequiredReadings.missing(s, Fixtures.job(Priority.BACKGROUND), T0)).isNull();
        Snapshot diskOnly = Fixtures.snapshot(T0, List.of(Reading.percent(Resource.DISK, 10, "nio", T0)), Map.of());
        assertThat(RequiredReadings.missing(diskOnly, Fixtures.job(Priority.BACKGROUND), T0))
                .isEqualTo("cpu (no reading); memory (no reading)");

        Decision cpuJob = e.decide(GuardRequest.of("cpu", Fixtures.job(Priority.BACKGROUND)), s);
        assertThat(cpuJob.level()).isZero();
        assertThat(cpuJob.action()).isEqualTo(Action.ALLOW);
        assertThat(cpuJob.ratios()).containsOnlyKeys(Resource.CPU, Resource.MEMORY, Resource.DISK);
    }

    @Test
    void aNeededReadingOlderThanStaleAfterIsMissing() {
        Snapshot s = Fixtures.snapshot(T0.plusSeconds(40), List.of(Reading.percent(Resource.CPU, 10, "host", T0),
                Reading.percent(Resource.MEMORY, 10, "host", T0.plusSeconds(40)),
                Reading.percent(Resource.DISK, 10, "nio", T0.plusSeconds(40))), Map.of());
        assertThat(RequiredReadings.missing(s, Fixtures.job(Priority.LOW), T0.plusSeconds(40)))
                .isEqualTo("cpu (reading 40 s old, limit 30 s)");
    }

    @Test
    void reclaimJobRunsWhenItRelievesTheWorstResource() {
        DecisionEngine e = Fixtures.engine(clock);
        Snapshot diskFull = Fixtures.percents(T0, 10, 10, 75, null); // disk ratio 1.07: level 4
        JobDeclaration cleanup = Fixtures.job(Priority.BACKGROUND).withRelieves(Set.of(Resource.DISK));
        Decision d = e.decide(GuardRequest.of("cleanup", cleanup), diskFull);
        assertThat(d.action()).isEqualTo(Action.ALLOW);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.RECLAIM);
        assertThat(d.sentence()).isEqualTo("disk 75% of 70% limit (level 4): BACKGROUND cleanup allowed to reclaim disk");

        // not when another resource is the worst
        Snapshot memWorse = Fixtures.percents(T0, 10, 90, 60, null); // memory 1.125, disk 0.86
        Decision d2 = Fixtures.engine(clock).decide(GuardRequest.of("cleanup", cleanup), memWorse);
        assertThat(d2.action()).isEqualTo(Action.VETO);
        assertThat(d2.reasonCode()).isEqualTo(ReasonCode.LEVEL);
    }

    @Test
    void reclaimOfGpuCountsTheGpu() {
        DecisionEngine e = Fixtures.engine(clock);
        JobDeclaration gpuClean = Fixtures.job(Priority.LOW).withRelieves(Set.of(Resource.GPU));
        Decision d = e.decide(GuardRequest.of("evict", gpuClean), Fixtures.percents(T0, 10, 10, 10, 99.0));
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.RECLAIM);
        assertThat(d.worstResource()).isEqualTo(Resource.GPU);
    }

    @Test
    void staleSnapshotAppliesTheFailPolicy() {
        DecisionEngine e = Fixtures.engine(clock);
        Snapshot s = Fixtures.memory(T0, 10);
        clock.advance(Duration.ofSeconds(31)); // stale after 30 s
        Decision normal = e.decide(GuardRequest.of("n", Fixtures.job(Priority.NORMAL)), s);
        assertThat(normal.action()).isEqualTo(Action.DEFER);
        assertThat(normal.reasonCode()).isEqualTo(ReasonCode.SENSOR_STALE);
        assertThat(normal.deferUntil()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(normal.sentence()).isEqualTo("sensor data stale (31 s old, limit 30 s): NORMAL n deferred by the fail policy");
        Decision high = e.decide(GuardRequest.of("h", Fixtures.job(Priority.HIGH)), s);
        assertThat(high.action()).isEqualTo(Action.ALLOW);
        assertThat(high.reasonCode()).isEqualTo(ReasonCode.SENSOR_STALE);

        DecisionEngine lenient = Fixtures.engine(EngineSettings.DEFAULTS.withFailPolicy(
                FailPolicy.DEFAULTS.with(Priority.NORMAL, Action.ALLOW)), clock);
        assertThat(lenient.decide(GuardRequest.of("n", Fixtures.job(Priority.NORMAL)), s).action())
                .isEqualTo(Action.ALLOW);
    }

    @Test
    void aSnapshotNeverSampledIsStale() {
        DecisionEngine e = Fixtures.engine(clock);
        Decision d = e.decide(GuardRequest.of("n", Fixtures.job(Priority.LOW)), Snapshot.empty(T0));
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.SENSOR_STALE);
        assertThat(d.action()).isEqualTo(Action.DEFER);
        assertThat(d.sentence()).startsWith("sensor data stale (not sampled yet)");
    }

    @Test
    void guardErrorAppliesTheFailPolicy() {
        Decision d = Decision.guardError(FailPolicy.DEFAULTS, Priority.LOW, new IllegalStateException("boom"), T0);
        assertThat(d.action()).isEqualTo(Action.DEFER);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.GUARD_ERROR);
        assertThat(d.deferUntil()).isEqualTo(T0.plusSeconds(30));
        assertThat(d.level()).isEqualTo(-1);
        assertThat(d.sentence()).isEqualTo("guard error (IllegalStateException: boom): LOW job deferred by the fail policy");
        Decision c = Decision.guardError(FailPolicy.DEFAULTS, Priority.CRITICAL, "no snapshot", T0);
        assertThat(c.action()).isEqualTo(Action.ALLOW);
        assertThat(c.deferUntil()).isNull();
    }

    @Test
    void shadowModeAllowsAndShowsTheWouldBeDecision() {
        DecisionEngine e = Fixtures.engine(EngineSettings.DEFAULTS.withShadow(true), clock);
        Snapshot s = Fixtures.memory(T0, 77);
        Decision d = e.decide(GuardRequest.of("selfplay", Fixtures.resizable(Priority.NORMAL, 10), 1000), s);
        assertThat(d.action()).isEqualTo(Action.ALLOW);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.SHADOW);
        assertThat(d.shadow()).isTrue();
        assertThat(d.wouldBe()).isEqualTo(Action.RESIZE);
        assertThat(d.wouldBeReason()).isEqualTo(ReasonCode.LEVEL);
        assertThat(d.grantedSize()).isEqualTo(1000);
        assertThat(d.sentence()).isEqualTo(
                "[shadow mode: allowed] memory 77% of 80% limit (level 3): NORMAL selfplay resized num_games 1000 -> 250");

        Decision v = e.decide(GuardRequest.of("bg", Fixtures.job(Priority.BACKGROUND)), Fixtures.memory(T0, 90));
        assertThat(v.action()).isEqualTo(Action.ALLOW);
        assertThat(v.wouldBe()).isEqualTo(Action.VETO);
        assertThat(v.deferUntil()).isNull();
    }

    @Test
    void enforcedDecisionsReportTheirOwnActionAsWouldBe() {
        DecisionEngine e = Fixtures.engine(clock);
        Decision d = e.decide(GuardRequest.of("bg", Fixtures.job(Priority.BACKGROUND)), Fixtures.memory(T0, 90));
        assertThat(d.shadow()).isFalse();
        assertThat(d.wouldBe()).isEqualTo(d.action());
        assertThat(d.wouldBeReason()).isEqualTo(d.reasonCode());
        assertThat(d.breakerState()).isEqualTo("CLOSED");
    }

    @Test
    void listenerFailuresDoNotBreakDeciding() {
        DecisionEngine e = Fixtures.engine(clock);
        e.addListener(ev -> {
            throw new IllegalStateException("bad listener");
        });
        e.onSnapshot(Fixtures.memory(T0, 90));
        assertThat(e.currentLevel()).isEqualTo(4);
    }
}
