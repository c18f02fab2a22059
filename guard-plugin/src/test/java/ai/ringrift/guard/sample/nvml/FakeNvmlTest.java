package ai.ringrift.guard.sample.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.ringrift.testsupport.Ci;
import ai.ringrift.guard.sample.DefaultSources;
import ai.ringrift.guard.sample.GpuDevice;
import ai.ringrift.guard.sample.GpuMode;
import ai.ringrift.guard.sample.GpuSource;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.guard.sample.SamplingSettings;
import ai.ringrift.guard.sample.Sampler;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.UnavailableSource;
import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real JNA path against a fake libnvidia-ml compiled from src/test/c/fake_nvml.c. The fake
 * reads its settings at every call from the file named by FAKE_NVML_CONFIG (set by surefire).
 */
class FakeNvmlTest {

    private static Path library;
    private static Path config;

    @BeforeAll
    static void compileFakeLibrary() throws Exception {
        String configPath = System.getenv("FAKE_NVML_CONFIG");
        assumeTrue(configPath != null, "FAKE_NVML_CONFIG is not set: run through Maven (surefire sets it)");
        config = Path.of(configPath);
        Files.createDirectories(config.getParent());
        Path source = Path.of("src/test/c/fake_nvml.c").toAbsolutePath();
        library = config.getParent().resolve("libfakenvml.so");
        boolean ci = Ci.active();
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            if (ci) {
                throw new AssertionError("gcc is required under CI to build the fake NVML (scripts/ensure-gcc.sh installs it)", e);
            }
            System.out.println("SKIPPED FakeNvmlTest: gcc not found (" + e.getMessage() + ")");
            assumeTrue(false, "gcc not found");
            return;
        }
        String out = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as("gcc output: %s", out).isZero();
    }

    private static void configure(String... lines) throws IOException {
        Files.writeString(config, String.join("\n", lines) + "\n");
    }

    @AfterEach
    void reset() throws IOException {
        configure();
    }

    @Test
    void twoDevicesGiveNamesUuidsMemoryAndUtilisation() throws Exception {
        configure("COUNT=2", "TOTAL=80000000000", "USED_0=20000000000", "USED_1=60000000000", "UTIL_0=15",
                "UTIL_1=90", "NAME=Fake H100");
        try (NvmlClient client = NvmlClient.open(library.toString())) {
            List<NvmlDevice> devices = client.devices();
            assertThat(devices).containsExactly(
                    new NvmlDevice(0, "Fake H100 0", "GPU-fake-0000", 80_000_000_000L, 20_000_000_000L, 15),
                    new NvmlDevice(1, "Fake H100 1", "GPU-fake-0001", 80_000_000_000L, 60_000_000_000L, 90));
        }
    }

    @Test
    void gpuSourceReportsTheFullestDeviceAndPerDeviceSignals() throws Exception {
        configure("COUNT=2", "TOTAL=80000000000", "USED_0=20000000000", "USED_1=60000000000", "UTIL=40");
        try (GpuSource source = GpuSource.nvml(NvmlClient.open(library.toString()), Clock.systemUTC())) {
            Reading r = source.read().get(0);
            assertThat(r.resource()).isEqualTo(Resource.GPU);
            assertThat(r.source()).isEqualTo("nvml");
            assertThat(r.usedPercent()).isEqualTo(75.0);
            assertThat(r.availableBytes()).isEqualTo(20_000_000_000L);
            assertThat(r.detail()).contains("GPU 1", "GPU-fake-0001", "util 40%", "fullest of 2");
            assertThat(source.signals()).containsEntry("gpu.count", 2.0)
                    .containsEntry("gpu.0.memory.percent", 25.0).containsEntry("gpu.1.util.percent", 40.0);
            assertThat(source.devices()).hasSize(2);
        }
    }

    @Test
    void migNotSupportedUtilisationGivesMemoryOnlyReading() throws Exception {
        configure("COUNT=1", "TOTAL=40000000000", "USED=10000000000", "UTIL_RC=3");
        try (GpuSource source = GpuSource.nvml(NvmlClient.open(library.toString()), Clock.systemUTC())) {
            Reading r = source.read().get(0);
            assertThat(r.usedPercent()).isEqualTo(25.0);
            assertThat(r.detail()).contains("util n/a");
            assertThat(source.devices().get(0).hasUtilization()).isFalse();
            assertThat(source.signals()).containsKey("gpu.0.memory.percent").doesNotContainKey("gpu.0.util.percent");
        }
    }

    @Test
    void otherUtilisationErrorsFailTheReadWithNvmlText() throws Exception {
        configure("COUNT=1", "UTIL_RC=999");
        try (NvmlClient client = NvmlClient.open(library.toString())) {
            assertThatThrownBy(client::devices).isInstanceOf(NvmlException.class)
                    .hasMessage("nvmlDeviceGetUtilizationRates(0) returned 999 (Unknown Error)");
        }
    }

    @Test
    void initFailureMakesNvmlUnavailableAndGpuAbsentWithReason() throws Exception {
        configure("INIT_RC=9");
        assertThatThrownBy(() -> NvmlClient.open(library.toString())).isInstanceOf(NvmlException.class)
                .hasMessage("NVML unavailable: nvmlInit_v2 returned 9 (Driver Not Loaded)");
        ReadingSource gpu = DefaultSources.gpu(GpuMode.AUTO, library.toString(), Optional.empty(), Clock.systemUTC());
        assertThat(gpu).isInstanceOf(UnavailableSource.class);
        try (Sampler sampler = new Sampler(SamplingSettings.defaults(), List.of(gpu), Clock.systemUTC())) {
            Snapshot s = sampler.sampleOnce();
            assertThat(s.get(Resource.GPU)).isEmpty();
            assertThat(s.missingReason(Resource.GPU)).contains("NVML unavailable: nvmlInit_v2 returned 9 (Driver Not Loaded)");
        }
        assertThatThrownBy(() -> DefaultSources.gpu(GpuMode.ON, library.toString(), Optional.empty(), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sampling.gpu is on")
                .hasMessageContaining("Driver Not Loaded");
    }

    @Test
    void missingLibraryMakesNvmlUnavailable() {
        String missing = config.getParent().resolve("no-such-libnvidia-ml.so").toString();
        assertThatThrownBy(() -> NvmlClient.open(missing)).isInstanceOf(NvmlException.class)
                .hasMessageStartingWith("NVML unavailable: ");
        ReadingSource gpu = DefaultSources.gpu(GpuMode.AUTO, missing, Optional.empty(), Clock.systemUTC());
        assertThat(((UnavailableSource) gpu).reason()).startsWith("NVML unavailable: ");
    }

    @Test
    void systemPropertySelectsTheLibraryAndCloseShutsNvmlDown() throws Exception {
        configure("COUNT=1", "TOTAL=1000", "USED=500");
        String before = System.getProperty(Nvml.LIBRARY_PROPERTY);
        System.setProperty(Nvml.LIBRARY_PROPERTY, library.toString());
        try {
            NvmlClient client = NvmlClient.open(null);
            NvmlDevice device = client.devices().get(0);
            assertThat(device.totalBytes()).isEqualTo(1000);
            assertThat(device.usedBytes()).isEqualTo(500);
            client.close();
            client.close();
            Path counters = Path.of(System.getenv("FAKE_NVML_COUNTERS"));
            List<String> lines = Files.readAllLines(counters);
            int inits = Integer.parseInt(lines.get(0).substring("inits=".length()));
            int shutdowns = Integer.parseInt(lines.get(1).substring("shutdowns=".length()));
            assertThat(shutdowns).as("one shutdown per opened client, close idempotent").isGreaterThanOrEqualTo(1);
            assertThat(inits).isGreaterThanOrEqualTo(shutdowns);
            assertThatThrownBy(client::devices).isInstanceOf(IllegalStateException.class);
        } finally {
            if (before == null) {
                System.clearProperty(Nvml.LIBRARY_PROPERTY);
            } else {
                System.setProperty(Nvml.LIBRARY_PROPERTY, before);
            }
        }
    }

    @Test
    void samplerWithNvmlPublishesGpuReadingAndDevices() throws Exception {
        configure("COUNT=2", "TOTAL=100", "USED_0=10", "USED_1=30");
        ReadingSource gpu = DefaultSources.gpu(GpuMode.ON, library.toString(), Optional.empty(), Clock.systemUTC());
        try (Sampler sampler = new Sampler(SamplingSettings.defaults(), List.of(gpu), Clock.systemUTC())) {
            Snapshot s = sampler.sampleOnce();
            assertThat(s.reading(Resource.GPU).usedPercent()).isEqualTo(30.0);
            assertThat(sampler.gpuDevices()).extracting(GpuDevice::uuid).containsExactly("GPU-fake-0000", "GPU-fake-0001");
            configure("COUNT=1", "TOTAL=100", "USED=90");
            assertThat(sampler.sampleOnce().reading(Resource.GPU).usedPercent()).isEqualTo(90.0);
            assertThat(sampler.gpuDevices()).hasSize(1);
        }
    }
}
