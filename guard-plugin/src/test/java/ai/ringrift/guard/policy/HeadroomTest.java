package ai.ringrift.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one headroom model and the one ratio, shared by the engine and the library API's checker. */
class HeadroomTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long GB = 1_000_000_000L;

    private static Snapshot signals(Map<String, Double> signals) {
        return new Snapshot(1, T0, Duration.ofSeconds(30), Map.of(), Map.of(), signals);
    }

    @Test
    void bytesBudgetIsTheLimitShareOrTheFloorWhicheverIsLower() {
        Reading mem = Reading.bytes(Resource.MEMORY, 100 * GB, 40 * GB, "test", T0, "");
        Headroom h = Headroom.of(Resource.MEMORY, mem, new ResourceLimit(80, 70, 0), signals(Map.of()));
        assertThat(h.budget()).isCloseTo(80, within(1e-9));
        assertThat(h.used()).isCloseTo(60, within(1e-9));
        assertThat(h.free()).isCloseTo(20, within(1e-9));
        Headroom floored = Headroom.of(Resource.MEMORY, mem, new ResourceLimit(80, 70, 30), signals(Map.of()));
        assertThat(floored.budget()).isCloseTo(70, within(1e-9));
    }

    @Test
    void cpuBudgetUsesTheQuotaBeforeTheLogicalCount() {
        Reading cpu = Reading.percent(Resource.CPU, 50, "test", T0);
        ResourceLimit limit = new ResourceLimit(80, 70, 0);
        Headroom quota = Headroom.of(Resource.CPU, cpu, limit, signals(Map.of("cpu.capacity.cores", 2.0,
                "cpu.logical", 16.0)));
        assertThat(quota.free()).isCloseTo(0.6, within(1e-9));
        Headroom logical = Headroom.of(Resource.CPU, cpu, limit, signals(Map.of("cpu.logical", 16.0)));
        assertThat(logical.free()).isCloseTo(4.8, within(1e-9));
        assertThat(Headroom.of(Resource.CPU, cpu, limit, signals(Map.of())).known()).isFalse();
    }

    @Test
    void percentOnlyReadingsHaveNoKnownBudget() {
        Reading disk = Reading.percent(Resource.DISK, 50, "test", T0);
        assertThat(Headroom.of(Resource.DISK, disk, new ResourceLimit(70, 65, 0), signals(Map.of())).known()).isFalse();
    }

    @Test
    void theRatioIsUsedOverMaxAndAtLeastOneBelowTheFloor() {
        ResourceLimit limit = new ResourceLimit(80, 70, 10);
        assertThat(limit.ratio(60)).isCloseTo(0.75, within(1e-12));
        Reading roomy = Reading.bytes(Resource.DISK, 100 * GB, 40 * GB, "test", T0, "");
        Reading tight = Reading.bytes(Resource.DISK, 100 * GB, 5 * GB, "test", T0, "");
        assertThat(limit.ratio(Resource.DISK, roomy)).isCloseTo(0.75, within(1e-12));
        assertThat(limit.ratio(Resource.DISK, tight)).isCloseTo(95 / 80.0, within(1e-12));
        assertThat(new ResourceLimit(99, 70, 10).ratio(Resource.DISK, tight)).isEqualTo(1.0);
    }
}
