package ai.ringrift.guard.policy;

import static ai.ringrift.guard.policy.Fixtures.GB;
import static ai.ringrift.guard.policy.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Headroom under the max limits, with reservations for jobs admitted since the last snapshot. */
class HeadroomReservationTest {

    /** 25 GB memory, 4 GB used: 80 % of 25 = 20 GB, so a 16 GB budget; level 0. */
    private static Snapshot frozen(java.time.Instant at) {
        return Fixtures.snapshot(at, List.of(
                Reading.bytes(Resource.MEMORY, 25 * GB, 21 * GB, "host", at, ""),
                Reading.percent(Resource.CPU, 10, "host", at),
                Reading.percent(Resource.DISK, 10, "nio", at)), Map.of());
    }

    private static final JobDeclaration FOUR_GB = Fixtures.needs(Priority.NORMAL, 0, 4, 0, 0);

    @Test
    void burstOfEightFourGbJobsAdmitsOnlyTheFourThatFit() {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine e = Fixtures.engine(clock);
        Snapshot s = frozen(T0);
        List<Decision> ds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ds.add(e.decide(GuardRequest.of("burst-" + i, FOUR_GB), s));
        }
        assertThat(ds.subList(0, 4)).allSatisfy(d -> assertThat(d.action()).isEqualTo(Action.ALLOW));
        assertThat(ds.subList(4, 8)).allSatisfy(d -> {
            assertThat(d.action()).isEqualTo(Action.DEFER);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.HEADROOM);
            assertThat(d.level()).isZero();
        });
        assertThat(ds.get(4).sentence()).isEqualTo("memory 16% of 80% limit (level 0): NORMAL burst-4 deferred: "
                + "needs 4 GB memory, 0 GB free under the limit (16 GB reserved)");
        assertThat(e.reservationCount()).isEqualTo(4);
        assertThat(e.reserved(Resource.MEMORY)).isEqualTo(16.0);

        // one ends: exactly one more fits
        e.onJobFinished("burst-0", ds.get(0).reservationId(), true);
        assertThat(e.decide(GuardRequest.of("burst-4", FOUR_GB), s).action()).isEqualTo(Action.ALLOW);
        assertThat(e.decide(GuardRequest.of("burst-5", FOUR_GB), s).action()).isEqualTo(Action.DEFER);
    }

    @Test
    void concurrentBurstCannotOverAdmit() throws Exception {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine e = Fixtures.engine(clock);
        Snapshot s = frozen(T0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Decision>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "burst-" + i;
                calls.add(() -> e.decide(GuardRequest.of(name, FOUR_GB), s));
            }
            long admitted = 0;
            for (Future<Decision> f : pool.invokeAll(calls)) {
                admitted += f.get().admitted() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSnapshotTakenAfterTheStartReleasesTheReservation() {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine e = Fixtures.engine(clock);
        for (int i = 0; i < 4; i++) {
            assertThat(e.decide(GuardRequest.of("a" + i, FOUR_GB), frozen(T0)).admitted()).isTrue();
        }
        // a snapshot taken at the same instant the jobs started does not show them yet
        e.onSnapshot(frozen(T0));
        assertThat(e.reservationCount()).isEqualTo(4);
        // one taken later does: reservations end (here readings are frozen, so all fit again)
        clock.advance(Duration.ofSeconds(5));
        e.onSnapshot(frozen(T0.plusSeconds(1)));
        assertThat(e.reservationCount()).isZero();
        assertThat(e.decide(GuardRequest.of("b", FOUR_GB), frozen(T0.plusSeconds(1))).admitted()).isTrue();
    }

    @Test
    void onJobStartedMovesTheStartAndKeepsTheReservation() {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine e = Fixtures.engine(clock);
        Decision d = e.decide(GuardRequest.of("late", FOUR_GB), frozen(T0));
        clock.advance(Duration.ofSeconds(10));
        e.onJobStarted(d.reservationId());
        e.onSnapshot(frozen(T0.plusSeconds(5))); // taken before the real start
        assertThat(e.reservationCount()).isEqualTo(1);
        e.onSnapshot(frozen(T0.plusSeconds(11)));
        assertThat(e.reservationCount()).isZero();
    }

    @Test
    void headroomAppliesWhateverTheLevelAndPriority() {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine e = Fixtures.engine(clock);
        Decision d = e.decide(GuardRequest.of("big", Fixtures.needs(Priority.CRITICAL, 0, 17, 0, 0)), frozen(T0));
        assertThat(d.action()).isEqualTo(Action.DEFER);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.HEADROOM);
        assertThat(d.deferUntil()).isEqualTo(T0.plusSeconds(30));
    }

    /** Without a quota the capacity is the host's logical CPUs; with one, only the quota (issue 16). */
    @Test
    void cpuHeadroomUsesLogicalCoresOnlyWithoutAQuota() {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine e = Fixtures.engine(clock);
        // 16 cores at 50 %: 8 used, 80 % of 16 = 12.8 budget
        Snapshot s = Fixtures.snapshot(T0, List.of(Reading.percent(Resource.CPU, 50, "host", T0)),
                Map.of("cpu.logical", 16.0));
        assertThat(e.decide(GuardRequest.of("a", Fixtures.needs(Priority.HIGH, 4, 0, 0, 0)), s).admitted()).isTrue();
        Decision d = e.decide(GuardRequest.of("b", Fixtures.needs(Priority.HIGH, 1, 0, 0, 0)), s);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.HEADROOM);
        assertThat(d.sentence()).contains("needs 1 cores cpu, 0.8 cores free under the limit (4 cores reserved)");

        // the same reading in a 1-core quota on the 16-core host: 0.5 used, 0.8 budget
        Snapshot quota = Fixtures.snapshot(T0, List.of(Reading.percent(Resource.CPU, 50, "cgroup", T0)),
                Map.of("cpu.logical", 16.0, "cpu.capacity.cores", 1.0));
        Decision q = Fixtures.engine(clock).decide(GuardRequest.of("q", Fixtures.needs(Priority.HIGH, 0.5, 0, 0, 0)),
                quota);
        assertThat(q.reasonCode()).isEqualTo(ReasonCode.HEADROOM);
        assertThat(q.sentence()).contains("needs 0.5 cores cpu, 0.3 cores free under the limit (0 cores reserved)");
    }

    @Test
    void gpuAndDiskHeadroomUseByteCounts() {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine e = Fixtures.engine(clock);
        Snapshot s = Fixtures.snapshot(T0, List.of(
                Reading.bytes(Resource.GPU, 80 * GB, 30 * GB, "nvml", T0, "H100"),   // 50 used, budget 64
                Reading.bytes(Resource.DISK, 100 * GB, 40 * GB, "nio", T0, "/")),    // 60 used, budget 70
                Map.of());
        assertThat(e.decide(GuardRequest.of("g", Fixtures.needs(Priority.HIGH, 0, 0, 15, 0)), s)
                .reasonCode()).isEqualTo(ReasonCode.HEADROOM);
        assertThat(e.decide(GuardRequest.of("g", Fixtures.needs(Priority.HIGH, 0, 0, 14, 0)), s).admitted()).isTrue();
        assertThat(e.decide(GuardRequest.of("d", Fixtures.needs(Priority.HIGH, 0, 0, 0, 11)), s)
                .reasonCode()).isEqualTo(ReasonCode.HEADROOM);
        assertThat(e.decide(GuardRequest.of("d", Fixtures.needs(Priority.HIGH, 0, 0, 0, 10)), s).admitted()).isTrue();
    }

    @Test
    void percentOnlyReadingsAreNotHeadroomChecked() {
        MutableClock clock = new MutableClock(T0);
        DecisionEngine e = Fixtures.engine(clock);
        Decision d = e.decide(GuardRequest.of("j", Fixtures.needs(Priority.NORMAL, 64, 1000, 0, 0)),
                Fixtures.memory(T0, 10));
        assertThat(d.action()).isEqualTo(Action.ALLOW);
    }
}
