package ai.ringrift.guard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.policy.ResourceLimit;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceCheckerTest {

    private final Clock clock = Clock.fixed(Snapshots.T0.plusMillis(500), ZoneOffset.UTC);
    private final Snapshots snaps = Snapshots.healthy();
    private final ResourceChecker checker = new ResourceChecker(snaps, Limits.DEFAULTS,
            ApiSettings.DEFAULTS.withPollInterval(Duration.ofMillis(5)), clock);

    @Test
    void memoryPassesWhenTheRequiredAmountFitsUnderTheLimit() {
        // 100 GB total, 50 % used, max 80 %: headroom = 50 - 20 = 30 GB
        assertThat(checker.checkMemory(0)).isTrue();
        assertThat(checker.checkMemory(30)).isTrue();
        assertThat(checker.checkMemory(30.01)).isFalse();
        snaps.used(Resource.MEMORY, 80);
        assertThat(checker.checkMemory(0)).as("at the max").isFalse();
    }

    @Test
    void diskUsesItsOwnLimitAndFloor() {
        // 40 % used, max 70 %: headroom 30 GB
        assertThat(checker.checkDiskSpace(29.9)).isTrue();
        assertThat(checker.checkDiskSpace(30.1)).isFalse();
        ResourceChecker floored = new ResourceChecker(snaps,
                Limits.DEFAULTS.with(Resource.DISK, new ResourceLimit(70, 65, 50)), ApiSettings.DEFAULTS, clock);
        // 60 GB available, floor 50 GB: only 10 GB may be used
        assertThat(floored.checkDiskSpace(10)).isTrue();
        assertThat(floored.checkDiskSpace(10.5)).isFalse();
        assertThat(floored.shortfalls(ResourceNeeds.of(0, 0, 0, 12)).get(0).message())
                .contains("and 50.0 GB floor").contains("short by 2.00 GB");
    }

    @Test
    void diskForAPathMeasuresThatFileSystem(@TempDir Path tmp) {
        // the path's disk reading is injected: 100 GB, first 40 % used, then 69 %, then 70 %
        List<Path> asked = new ArrayList<>();
        double[] usedPercent = {40};
        ResourceChecker c = new ResourceChecker(snaps, Limits.DEFAULTS, ApiSettings.DEFAULTS, clock, (p, clk) -> {
            asked.add(p);
            long total = 100_000_000_000L;
            long used = Math.round(total * usedPercent[0] / 100);
            return Reading.bytes(Resource.DISK, total, total - used, "nio", clk.instant(), p + " on /x");
        });
        Path file = tmp.resolve("new/file.bin");
        assertThat(c.checkDiskSpace(30, tmp)).as("40 %% used, max 70 %%: 30 GB fit").isTrue();
        assertThat(c.checkDiskSpace(30.01, tmp)).isFalse();
        // a write keeps the seed's 1 GB safety margin: 29 GB + 1 GB fit in the 30 GB
        assertThat(c.checkDiskForWrite(file, 29_000_000_000L)).isTrue();
        assertThat(c.checkDiskForWrite(file, 29_000_000_001L)).isFalse();
        assertThat(asked).containsOnly(tmp, file);
        usedPercent[0] = 69;
        assertThat(c.checkDiskSpace(0.99, tmp)).isTrue();
        assertThat(c.checkDiskSpace(1.01, tmp)).isFalse();
        usedPercent[0] = 70;
        assertThat(c.checkDiskSpace(0, tmp)).as("at the max").isFalse();
        // the snapshot's own disk reading (40 % used) is not what a path check uses
        assertThat(c.checkDiskSpace(0)).isTrue();

        ResourceChecker broken = new ResourceChecker(snaps, Limits.DEFAULTS, ApiSettings.DEFAULTS, clock, (p, clk) -> {
            throw new java.io.IOException("no such device");
        });
        assertThat(broken.checkDiskSpace(0, tmp)).as("an unmeasurable path fails").isFalse();
        assertThatThrownBy(() -> c.checkDiskForWrite(tmp, -1)).hasMessageContaining("estimatedBytes must be >= 0");
    }

    @Test
    void diskForAPathReadsTheRealFileSystem(@TempDir Path tmp) {
        // production path (DiskSource.measureNow): no file system has room for 4 EB
        assertThat(checker.checkDiskForWrite(tmp.resolve("huge.bin"), Long.MAX_VALUE / 2)).isFalse();
        assertThat(checker.shortfalls(ResourceNeeds.NONE)).isEmpty();
    }

    @Test
    void cpuFailsAtMaxAndOnHighLoadPerCore() {
        assertThat(checker.checkCpu()).isTrue();
        snaps.signal("load.1m", 6.0); // 1.5 per core on 4 CPUs
        assertThat(checker.checkCpu()).isFalse();
        assertThat(checker.shortfalls(ResourceNeeds.NONE)).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("cpu: load 1.50 per logical CPU >= 1.50 (over by 0.00)"));
        snaps.signal("load.1m", 5.9);
        assertThat(checker.checkCpu()).isTrue();
        snaps.used(Resource.CPU, 85);
        assertThat(checker.checkCpu()).isFalse();
    }

    @Test
    void cpuCoresMustFitUnderTheLimit() {
        // 20 % of 4 cores used, max 80 %: 2.4 cores free
        assertThat(checker.canProceed(ResourceNeeds.of(2.4, 0, 0, 0))).isTrue();
        assertThat(checker.canProceed(ResourceNeeds.of(2.5, 0, 0, 0))).isFalse();
        snaps.signal("cpu.capacity.cores", 2); // a 2-core quota: 1.2 cores free
        assertThat(checker.canProceed(ResourceNeeds.of(1.3, 0, 0, 0))).isFalse();
    }

    @Test
    void gpuPassesWithoutAGpuAndIsIgnoredByCpuOnlyNeeds() {
        assertThat(checker.checkGpuMemory(70)).isTrue();
        assertThat(checker.checkGpuMemory(70.5)).isFalse();
        snaps.used(Resource.GPU, 95);
        assertThat(checker.canProceed(ResourceNeeds.of(1, 1, 0, 1))).as("CPU-only job, full GPU").isTrue();
        assertThat(checker.canProceed(ResourceNeeds.of(1, 1, 1, 1))).isFalse();
        snaps.missing(Resource.GPU, "NVML unavailable: no driver");
        assertThat(checker.checkGpuMemory(100)).isTrue();
        assertThat(checker.canProceed(5, 5, 5)).isTrue();
    }

    @Test
    void missingAndStaleReadingsFail() {
        snaps.missing(Resource.MEMORY, "memory failed: boom");
        assertThat(checker.checkMemory(1)).isFalse();
        assertThat(checker.shortfalls(ResourceNeeds.NONE)).extracting(Shortfall::message)
                .containsExactly("memory: not measured (memory failed: boom)");
        ResourceChecker late = new ResourceChecker(Snapshots.healthy(), Limits.DEFAULTS, ApiSettings.DEFAULTS,
                Clock.fixed(Snapshots.T0.plusSeconds(10), ZoneOffset.UTC));
        assertThat(late.checkCpu()).isFalse();
        assertThat(late.shortfalls(ResourceNeeds.NONE).get(0).message())
                .isEqualTo("cpu: readings are stale (10.0 s old, stale after 3.0 s)");
    }

    @Test
    void requireResourcesNamesEachShortResourceAndByHowMuch() {
        snaps.used(Resource.DISK, 75);
        ResourcesUnavailableException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                ResourcesUnavailableException.class, () -> checker.requireResources(ResourceNeeds.of(0, 40, 0, 0)));
        assertThat(e.shortfalls()).extracting(Shortfall::resource).containsExactly(Resource.MEMORY, Resource.DISK);
        assertThat(e.shortfalls().get(0).shortBy()).isCloseTo(10.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(e.getMessage()).isEqualTo("resources unavailable: "
                + "memory: needs 40.00 GB, 30.00 GB free under the 80% limit (short by 10.00 GB); "
                + "disk at 75.0% >= max 70% (over by 5.0 points)");
        snaps.used(Resource.DISK, 40);
        checker.requireResources(ResourceNeeds.of(1, 1, 1, 1));
    }

    @Test
    void waitForResourcesPollsSnapshotsUntilTheyFit() throws Exception {
        snaps.used(Resource.MEMORY, 90);
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        ResourceChecker c = new ResourceChecker(() -> {
            looks.incrementAndGet();
            return snaps.latest();
        }, Limits.DEFAULTS, ApiSettings.DEFAULTS.withPollInterval(Duration.ofMillis(5)), clock);
        // memory falls once the waiter has looked (and found it full) a few times
        Thread t = new Thread(() -> {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> looks.get() >= 3);
            snaps.used(Resource.MEMORY, 50);
        });
        t.start();
        assertThat(c.waitForResources(Duration.ofSeconds(30), ResourceNeeds.of(0, 10, 0, 0))).isTrue();
        assertThat(looks.get()).as("polled before and after the change").isGreaterThan(3);
        t.join();
    }

    @Test
    void waitForResourcesReturnsFalseAtTheTimeout() throws Exception {
        snaps.used(Resource.MEMORY, 90);
        ResourceChecker c = new ResourceChecker(snaps, Limits.DEFAULTS,
                ApiSettings.DEFAULTS.withPollInterval(Duration.ofMillis(5)),
                new TickingClock(Snapshots.T0, Duration.ofMillis(20)));
        // the clock advances 20 ms per look: the 100 ms timeout passes long before the 3 s staleness
        assertThat(c.waitForResources(Duration.ofMillis(100), ResourceNeeds.of(0, 1, 0, 0))).isFalse();
    }

    @Test
    void acquireReservesNeedsUntilCloseOrTheNextSnapshot() {
        // memory headroom 30 GB
        try (ResourceLease a = checker.acquire(ResourceNeeds.of(0, 20, 0, 0))) {
            assertThat(a.ok()).isTrue();
            ResourceLease b = checker.acquire(ResourceNeeds.of(0, 20, 0, 0));
            assertThat(b.ok()).as("20 + 20 reserved > 30 GB").isFalse();
            assertThat(b.shortfalls().get(0).message()).contains("(+20.00 GB reserved by open leases)");
            b.close();
        }
        assertThat(checker.acquire(ResourceNeeds.of(0, 20, 0, 0)).ok()).isTrue();
        assertThat(checker.checkMemory(20)).as("still reserved on this snapshot").isFalse();
        snaps.publish(); // the next snapshot sees real usage: reservations lapse
        assertThat(checker.checkMemory(20)).isTrue();
    }

    @Test
    void statusTableAndRecommendedActions() {
        snaps.used(Resource.DISK, 72).used(Resource.MEMORY, 65).missing(Resource.GPU, "NVML unavailable: no driver");
        ResourceStatus st = checker.getResourceStatus();
        assertThat(st.stale()).isFalse();
        assertThat(st.of(Resource.DISK).ok()).isFalse();
        assertThat(st.of(Resource.DISK).source()).isEqualTo("nio");
        assertThat(st.of(Resource.DISK).age()).isEqualTo(Duration.ofMillis(500));
        assertThat(st.of(Resource.MEMORY).ok()).isTrue();
        assertThat(st.of(Resource.MEMORY).warning()).isFalse();
        assertThat(st.of(Resource.GPU).measured()).isFalse();
        assertThat(st.of(Resource.GPU).ok()).isTrue();
        assertThat(st.allOk()).isFalse();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        checker.printResourceStatus(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).matches("RESOURCE +USED +MAX +WARN +STATE +SOURCE +AGE +DETAIL");
        assertThat(lines.get(1)).matches("cpu +20\\.0% +80% +70% +OK +host +0\\.5s +4 logical CPUs");
        int col = lines.get(0).indexOf("STATE");
        for (String l : lines.subList(1, 5)) {
            assertThat(l.charAt(col - 1)).as("aligned: %s", l).isEqualTo(' ');
            assertThat(l.substring(col)).matches("(OK|OVER|WARN|N/A|MISSING) .*");
        }
        assertThat(lines.get(3)).contains("gpu").contains("N/A").contains("NVML unavailable: no driver");
        assertThat(lines.get(4)).contains("disk").contains("72.0%").contains("OVER");

        assertThat(checker.recommendedActions()).containsExactly(
                "Disk at 72%: archive old games or delete unused data",
                "Memory OK at 65%",
                "CPU OK at 20%",
                "GPU not measured: NVML unavailable: no driver");
        snaps.used(Resource.MEMORY, 75).signal("load.1m", 8);
        assertThat(checker.recommendedActions()).contains(
                "Memory at 75% (warning at 70%): soon reduce batch sizes or the number of parallel workers",
                "CPU load 2.00 per logical CPU (limit 1.50): reduce parallel workers");
    }

    @Test
    void badAmountsAreRejected() {
        assertThatThrownBy(() -> checker.checkMemory(-1)).hasMessageContaining("memory required must be a finite number >= 0");
        assertThatThrownBy(() -> new ApiSettings(0, Duration.ofSeconds(1))).hasMessageContaining("api.loadMaxFactor");
    }

    /** A clock that moves forward by a step each time it is read. */
    static final class TickingClock extends Clock {
        private final java.util.concurrent.atomic.AtomicLong millis;
        private final long step;

        TickingClock(java.time.Instant start, Duration step) {
            this.millis = new java.util.concurrent.atomic.AtomicLong(start.toEpochMilli());
            this.step = step.toMillis();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis.getAndAdd(step));
        }
    }
}
