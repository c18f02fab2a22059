package ai.ringrift.guard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.ringrift.guard.policy.LevelSettings;
import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's checks that users call from their jobs (issue 12 item 4): the write margin, the
 * per-resource switches of canProceed, the status figures, the named pressure levels and the
 * synchronous check-and-cleanup.
 */
class SeedChecksTest {

    private static final long GB = 1_000_000_000L;
    private final Clock clock = Clock.fixed(Snapshots.T0.plusMillis(500), ZoneOffset.UTC);
    private final Snapshots snaps = Snapshots.healthy();
    private final double[] pathDiskUsed = {40};
    private final List<Path> measured = new ArrayList<>();
    private final ResourceChecker checker = new ResourceChecker(snaps, Limits.DEFAULTS, LevelSettings.DEFAULTS,
            ApiSettings.DEFAULTS, clock, (p, clk) -> {
                measured.add(p);
                long total = 100 * GB;
                return Reading.bytes(Resource.DISK, total, total - Math.round(total * pathDiskUsed[0] / 100), "nio",
                        clk.instant(), p.toString());
            });

    @AfterEach
    void uninstall() {
        ResourceGuard.uninstall();
    }

    @Test
    void writeKeepsTheOneGbSafetyMargin() {
        // 100 GB disk, 40 % used, max 70 %: 30 GB fit under the limit
        Path out = Path.of("/data/games/selfplay.jsonl");
        assertThat(checker.checkDiskSpace(29.5, out)).isTrue();
        assertThat(checker.checkDiskForWrite(out, 29_500_000_000L)).as("29.5 GB + 1 GB margin > 30 GB").isFalse();
        assertThat(checker.checkDiskForWrite(out, 29 * GB)).as("29 GB + 1 GB margin = 30 GB").isTrue();
        assertThat(ResourceChecker.WRITE_MARGIN_GB).isEqualTo(1.0);
    }

    @Test
    void canProceedTakesPerResourceSwitches() {
        ResourceNeeds none = ResourceNeeds.NONE;
        assertThat(checker.canProceed(none, CheckSwitches.ALL)).isTrue();
        snaps.used(Resource.MEMORY, 85);
        assertThat(checker.canProceed(none, CheckSwitches.ALL)).isFalse();
        assertThat(checker.canProceed(none, CheckSwitches.ALL.withMemory(false))).as("memory not checked").isTrue();
        snaps.used(Resource.CPU, 95);
        assertThat(checker.canProceed(none, CheckSwitches.ALL.withMemory(false))).isFalse();
        assertThat(checker.canProceed(none, CheckSwitches.ALL.withMemory(false).withCpu(false))).isTrue();
        snaps.used(Resource.DISK, 75);
        assertThat(checker.canProceed(none, new CheckSwitches(true, false, false, false))).isFalse();
        assertThat(checker.canProceed(none, new CheckSwitches(false, false, false, true))).isTrue();
        snaps.used(Resource.GPU, 90);
        assertThat(checker.canProceed(none, new CheckSwitches(false, false, false, true))).as("GPU over").isFalse();
        assertThat(checker.shortfalls(none, new CheckSwitches(true, true, true, true)))
                .extracting(Shortfall::resource).containsExactly(Resource.CPU, Resource.MEMORY, Resource.GPU, Resource.DISK);
        // the seed's keyword form on the static shell
        ResourceGuard.install(checker);
        assertThat(ResourceGuard.canProceed(false, false, false, false, 0, 0, 0)).isTrue();
        assertThat(ResourceGuard.canProceed(true, false, false, false, 0, 0, 0)).isFalse();
    }

    @Test
    void memorySwitchCoversMemoryPressure() {
        assertThat(checker.checkMemory(1)).isTrue();
        snaps.used(Resource.MEMORY_PRESSURE, 61); // PSI full avg10 over the 60 % limit
        assertThat(checker.checkMemory(1)).isFalse();
        assertThat(checker.canProceed(ResourceNeeds.NONE, CheckSwitches.ALL)).isFalse();
        assertThat(checker.canProceed(ResourceNeeds.NONE, CheckSwitches.ALL.withMemory(false))).isTrue();
        snaps.missing(Resource.MEMORY_PRESSURE, "no PSI on this host");
        assertThat(checker.checkMemory(1)).as("no PSI passes").isTrue();
    }

    @Test
    void statusCarriesUsedAvailableTotalLimitAndOk() {
        ResourceStatus st = checker.getResourceStatus();
        ResourceState mem = st.of(Resource.MEMORY);
        assertThat(mem.usedPercent()).isEqualTo(50.0, within(1e-9));
        assertThat(mem.available()).isEqualTo(50.0, within(1e-9));
        assertThat(mem.total()).isEqualTo(100.0, within(1e-9));
        assertThat(mem.unit()).isEqualTo("GB");
        assertThat(mem.limitPercent()).isEqualTo(80);
        assertThat(mem.ok()).isTrue();
        ResourceState cpu = st.of(Resource.CPU);
        assertThat(cpu.total()).as("cpu.logical cores").isEqualTo(4.0);
        assertThat(cpu.available()).isEqualTo(3.2, within(1e-9));
        assertThat(cpu.unit()).isEqualTo("cores");
        ResourceState psi = st.of(Resource.MEMORY_PRESSURE);
        assertThat(psi.measured()).isFalse();
        assertThat(psi.ok()).as("no PSI is not a failure").isTrue();
        assertThat(psi.available()).isNaN();
        snaps.used(Resource.DISK, 71);
        ResourceState disk = checker.getResourceStatus().of(Resource.DISK);
        assertThat(disk.ok()).isFalse();
        assertThat(disk.available()).isEqualTo(29.0, within(1e-9));
        assertThat(disk.limitPercent()).isEqualTo(70);
    }

    @Test
    void namedPressureLevelsMapOntoTheProductLevels() {
        // memory max 80 %: bands 0.70/0.85/0.95/1.00 start at 56, 68, 76, 80 %
        double[] memory = {55.9, 56, 68, 76, 80};
        PressureLevel[] names = PressureLevel.values();
        assertThat(names).extracting(Enum::name)
                .containsExactly("NORMAL", "WARNING", "ELEVATED", "CRITICAL", "EMERGENCY");
        for (int level = 0; level < 5; level++) {
            snaps.used(Resource.MEMORY, memory[level]);
            assertThat(checker.memoryPressureLevel()).as("memory %s %%", memory[level]).isEqualTo(names[level]);
            assertThat(checker.memoryPressureLevel().level()).isEqualTo(level);
            assertThat(PressureLevel.of(level)).isEqualTo(names[level]);
        }
        snaps.used(Resource.MEMORY, 20).used(Resource.MEMORY_PRESSURE, 58); // PSI 58 of 60 %: ratio 0.97
        assertThat(checker.memoryPressureLevel()).as("pressure raises the memory level").isEqualTo(PressureLevel.CRITICAL);
        // disk max 70 %: 49 % is ratio 0.70
        snaps.used(Resource.DISK, 48.9);
        assertThat(checker.diskPressureLevel()).isEqualTo(PressureLevel.NORMAL);
        snaps.used(Resource.DISK, 49);
        assertThat(checker.diskPressureLevel()).isEqualTo(PressureLevel.WARNING);
        snaps.missing(Resource.DISK, "nio failed");
        assertThat(checker.diskPressureLevel()).as("fails closed").isEqualTo(PressureLevel.EMERGENCY);
    }

    @Test
    void checkAndCleanupRunsTheGradedCleanupForTheDisksLevel() throws Exception {
        List<String> calls = new ArrayList<>();
        Path root = Path.of("/data");
        DiskCleanup cleanup = new DiskCleanup() {
            @Override
            public Path root() {
                return root;
            }

            @Override
            public CleanupResult run(int level, boolean dryRun) {
                calls.add(level + (dryRun ? " dry" : " real"));
                if (!dryRun) {
                    pathDiskUsed[0] = 40; // the cleanup freed space
                }
                return new CleanupResult(level, dryRun, 3, dryRun ? 0 : 3, 27 * GB, List.of(), "done");
            }
        };
        pathDiskUsed[0] = 67; // 67 of 70 %: ratio 0.957, level 3
        CleanupReport dry = checker.checkAndCleanup(cleanup, true);
        assertThat(calls).containsExactly("3 dry");
        assertThat(dry.before()).isEqualTo(PressureLevel.CRITICAL);
        assertThat(dry.after()).isEqualTo(PressureLevel.CRITICAL);
        assertThat(dry.result().deleted()).isZero();
        assertThat(dry.diskOk()).isTrue();
        assertThat(pathDiskUsed[0]).isEqualTo(67);

        pathDiskUsed[0] = 71; // over the max: level 4
        CleanupReport real = checker.checkAndCleanup(cleanup, false);
        assertThat(calls).containsExactly("3 dry", "4 real");
        assertThat(real.before()).isEqualTo(PressureLevel.EMERGENCY);
        assertThat(real.after()).as("measured again after deleting").isEqualTo(PressureLevel.NORMAL);
        assertThat(real.diskOk()).isTrue();
        assertThat(measured).containsOnly(root);
    }
}
