package ai.ringrift.guard.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.scheduler.model.Resource;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/** The OSHI, java.nio and PSI sources run for real on this machine, plus PSI fixtures. */
class HostSourcesTest {

    private static final HardwareAbstractionLayer HAL = new SystemInfo().getHardware();

    @TempDir
    Path tmp;

    @Test
    void cpuDiffsOshiTicksBetweenSamples() throws Exception {
        CpuSource cpu = new CpuSource(HAL.getProcessor(), null, Clock.systemUTC());
        Reading first = cpu.read().get(0);
        assertThat(first.source()).isEqualTo("host");
        assertThat(first.detail()).contains("approximated from load.1m");
        Thread.sleep(1100); // OSHI caches ticks for 300 ms: wait one sampling interval
        Reading second = cpu.read().get(0);
        assertThat(second.detail()).doesNotContain("approximated").contains("logical CPUs");
        assertThat(second.usedPercent()).isBetween(0.0, 100.0);
        Map<String, Double> s = cpu.signals();
        assertThat(s.get("cpu.logical")).isEqualTo((double) HAL.getProcessor().getLogicalProcessorCount());
        assertThat(s.get("cpu.capacity.cores")).isEqualTo(s.get("cpu.logical"));
        assertThat(s).containsKeys("load.1m", "load.5m", "load.15m");
        assertThat(s.get("load.1m")).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void hostMemoryFromOshi() throws Exception {
        Reading r = new MemorySource(HAL.getMemory(), null, Clock.systemUTC()).read().get(0);
        assertThat(r.source()).isEqualTo("host");
        assertThat(r.totalBytes()).isEqualTo(HAL.getMemory().getTotal()).isPositive();
        assertThat(r.availableBytes()).isPositive().isLessThanOrEqualTo(r.totalBytes());
        assertThat(r.usedPercent()).isCloseTo(100.0 * r.usedBytes() / r.totalBytes(), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void diskUsesFileStoreAndNamesThePath() throws Exception {
        Path notYet = tmp.resolve("data/not/created");
        Reading r = new DiskSource(List.of(notYet), Clock.systemUTC()).read().get(0);
        FileStore store = Files.getFileStore(tmp);
        assertThat(r.source()).isEqualTo("nio");
        assertThat(r.totalBytes()).isEqualTo(store.getTotalSpace());
        double expected = 100.0 * (store.getTotalSpace() - store.getUsableSpace()) / store.getTotalSpace();
        assertThat(r.usedPercent()).isCloseTo(expected, org.assertj.core.api.Assertions.within(0.5));
        assertThat(r.detail()).startsWith(notYet.toString()).contains(" on ");
    }

    @Test
    void diskReportsTheFullestPath() throws Exception {
        List<Path> paths = List.of(tmp, Path.of("/proc"), Path.of("/dev/shm"));
        DiskSource source = new DiskSource(paths, Clock.systemUTC());
        Reading worst = source.read().get(0);
        for (Path p : paths) {
            assertThat(worst.usedPercent()).isGreaterThanOrEqualTo(DiskSource.measureNow(p, Clock.systemUTC()).usedPercent() - 0.5);
        }
        assertThatThrownBy(() -> new DiskSource(List.of(), Clock.systemUTC())).hasMessageContaining("sampling.diskPaths is empty");
    }

    @Test
    void psiFixtureGivesSomeAndFullAverages() throws Exception {
        Files.writeString(tmp.resolve("memory"), "some avg10=1.50 avg60=0.75 avg300=0.10 total=123\n"
                + "full avg10=0.50 avg60=0.25 avg300=0.00 total=45\n");
        Files.writeString(tmp.resolve("cpu"), "some avg10=12.00 avg60=8.00 avg300=1.00 total=999\n");
        PsiSource psi = new PsiSource(tmp);
        assertThat(psi.read()).isEmpty();
        assertThat(psi.covers()).isEmpty();
        assertThat(psi.signals()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "psi.cpu.some.avg10", 12.0, "psi.cpu.some.avg60", 8.0,
                "psi.memory.some.avg10", 1.5, "psi.memory.some.avg60", 0.75,
                "psi.memory.full.avg10", 0.5, "psi.memory.full.avg60", 0.25));
    }

    @Test
    void psiAbsentMeansNoSignals() throws Exception {
        PsiSource psi = new PsiSource(tmp.resolve("no-pressure"));
        psi.read();
        assertThat(psi.signals()).isEmpty();
    }

    @Test
    void psiOnThisKernelWhenPresent() throws Exception {
        PsiSource psi = new PsiSource(PsiSource.DEFAULT_ROOT);
        psi.read();
        if (Files.isReadable(PsiSource.DEFAULT_ROOT.resolve("memory"))) {
            assertThat(psi.signals()).containsKeys("psi.memory.some.avg10", "psi.memory.full.avg60");
        } else {
            System.out.println("no /proc/pressure on this kernel: PSI signals absent");
            assertThat(psi.signals()).isEmpty();
        }
    }

    @Test
    void defaultSamplerPublishesEveryHostResource() {
        SamplingSettings settings = SamplingSettings.defaults().withDiskPaths(List.of(tmp)).withGpu(GpuMode.OFF);
        try (Sampler sampler = Sampler.withDefaultSources(settings)) {
            Snapshot s = sampler.sampleOnce();
            assertThat(s.readings()).containsKeys(Resource.CPU, Resource.MEMORY, Resource.DISK);
            assertThat(s.missingReason(Resource.GPU)).contains("GPU sampling is off (sampling.gpu: off)");
            assertThat(s.reading(Resource.DISK).source()).isEqualTo("nio");
            assertThat(s.signals()).containsKey("cpu.logical");
            assertThat(s.isStale(s.takenAt().plus(Duration.ofSeconds(2)))).isFalse();
            assertThat(s.isStale(s.takenAt().plus(Duration.ofSeconds(4)))).isTrue();
        }
    }
}
