package ai.ringrift.guard.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import ai.ringrift.scheduler.model.Resource;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;

/** The OSHI, java.nio and PSI sources run for real on this machine, plus PSI fixtures. */
class HostSourcesTest {

    private static final HardwareAbstractionLayer HAL = new SystemInfo().getHardware();

    @TempDir
    Path tmp;

    @Test
    void cpuDiffsOshiTicksBetweenSamples() throws Exception {
        // the real processor, with the ticks and load averages CpuSource got recorded: the expected
        // percentages are computed here, independently, from those same readings
        List<long[]> ticks = new ArrayList<>();
        List<double[]> loads = new ArrayList<>();
        CpuSource cpu = new CpuSource(recording(HAL.getProcessor(), ticks, loads), null, Clock.systemUTC());
        Reading first = cpu.read().get(0);
        int logical = HAL.getProcessor().getLogicalProcessorCount();
        assertThat(first.source()).isEqualTo("host");
        assertThat(first.detail()).contains("approximated from load.1m");
        // load per core as a percentage, clamped to 0..100 like every reading
        double expectedFirst = Math.min(100, 100 * Math.max(0, loads.get(0)[0]) / logical);
        assertThat(first.usedPercent()).isCloseTo(expectedFirst, within(1e-9));
        // OSHI caches ticks for 300 ms: read until a tick difference exists (a positive signal)
        Reading[] second = new Reading[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            second[0] = cpu.read().get(0);
            return !second[0].detail().contains("approximated");
        });
        assertThat(second[0].detail()).isEqualTo(logical + " logical CPUs");
        assertThat(second[0].usedPercent()).isCloseTo(busyPercent(ticks.get(0), ticks.get(ticks.size() - 1)),
                within(1e-9));
        Map<String, Double> s = cpu.signals();
        double[] load = loads.get(loads.size() - 1);
        assertThat(s.get("cpu.logical")).isEqualTo((double) logical);
        assertThat(s.get("cpu.capacity.cores")).isEqualTo(s.get("cpu.logical"));
        assertThat(s).containsEntry("load.1m", load[0]).containsEntry("load.5m", load[1])
                .containsEntry("load.15m", load[2]);
    }

    /** Busy share of the ticks between two samples: everything but idle and iowait, in %. */
    private static double busyPercent(long[] before, long[] after) {
        long total = 0;
        for (int i = 0; i < after.length; i++) {
            total += after[i] - before[i];
        }
        int idle = CentralProcessor.TickType.IDLE.getIndex();
        int iowait = CentralProcessor.TickType.IOWAIT.getIndex();
        long idleDiff = after[idle] - before[idle] + after[iowait] - before[iowait];
        assertThat(total).as("tick difference").isPositive();
        return 100.0 * (total - idleDiff) / total;
    }

    /** {@code real}, recording what getSystemCpuLoadTicks and getSystemLoadAverage answered. */
    private static CentralProcessor recording(CentralProcessor real, List<long[]> ticks, List<double[]> loads) {
        return (CentralProcessor) Proxy.newProxyInstance(CentralProcessor.class.getClassLoader(),
                new Class<?>[] {CentralProcessor.class}, (proxy, method, args) -> {
                    Object r;
                    try {
                        r = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("getSystemCpuLoadTicks")) {
                        ticks.add(((long[]) r).clone());
                    } else if (method.getName().equals("getSystemLoadAverage")) {
                        loads.add(((double[]) r).clone());
                    }
                    return r;
                });
    }

    @Test
    void hostMemoryFromOshi() throws Exception {
        // the real OSHI memory, with the total and MemAvailable that MemorySource got recorded
        Map<String, Long> seen = new HashMap<>();
        GlobalMemory real = HAL.getMemory();
        GlobalMemory recording = (GlobalMemory) Proxy.newProxyInstance(GlobalMemory.class.getClassLoader(),
                new Class<?>[] {GlobalMemory.class}, (proxy, method, args) -> {
                    Object r = method.invoke(real, args);
                    if (r instanceof Long l) {
                        seen.put(method.getName(), l);
                    }
                    return r;
                });
        Reading r = new MemorySource(recording, null, Clock.systemUTC()).read().get(0);
        long total = seen.get("getTotal");
        long available = seen.get("getAvailable");
        assertThat(r.source()).isEqualTo("host");
        assertThat(r.detail()).isEqualTo("MemAvailable");
        assertThat(total).isEqualTo(HAL.getMemory().getTotal()).isPositive();
        assertThat(r.totalBytes()).isEqualTo(total);
        assertThat(r.availableBytes()).isEqualTo(available);
        assertThat(r.usedBytes()).isEqualTo(total - available);
        assertThat(r.usedPercent()).isCloseTo(100.0 * (total - available) / total, within(1e-9));
    }

    @Test
    void diskUsesFileStoreAndNamesThePath() throws Exception {
        Path notYet = tmp.resolve("data/not/created");
        Reading r = new DiskSource(List.of(notYet), Clock.systemUTC()).read().get(0);
        FileStore store = Files.getFileStore(tmp);
        assertThat(r.source()).isEqualTo("nio");
        assertThat(r.totalBytes()).isEqualTo(store.getTotalSpace());
        double expected = 100.0 * (store.getTotalSpace() - store.getUsableSpace()) / store.getTotalSpace();
        assertThat(r.usedPercent()).isCloseTo(expected, within(0.5));
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
        assertThat(psi.read()).singleElement().satisfies(r -> assertThat(r.usedPercent()).isEqualTo(0.5));
        assertThat(psi.covers()).containsExactly(Resource.MEMORY_PRESSURE);
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
