package ai.ringrift.guard.sample;

import ai.ringrift.guard.sample.gpu.GpuDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaSmiTest {

    /** Captured from `nvidia-smi --query-gpu=... --format=csv,noheader,nounits` (H100 host, one MIG-enabled A100). */
    static final String CAPTURED = """
            0, GPU-5c1f3a9e-8e3b-2d4f-9a61-0b7c2e4d1f10, 81559, 40273, 87
            1, GPU-77aa01b2-1c2d-4e5f-8a9b-c0d1e2f3a4b5, 81559, 1, 0
            2, GPU-9e8d7c6b-5a49-3827-1605-f4e3d2c1b0a9, 40960, 12000, [N/A]
            3, GPU-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, 40960, 39000, [Not Supported]
            """;

    @Test
    void parsesCapturedOutputIncludingNotAvailableUtilisation() {
        List<GpuDevice> d = NvidiaSmi.parse(CAPTURED);
        assertThat(d).hasSize(4);
        assertThat(d.get(0)).isEqualTo(new GpuDevice(0, "", "GPU-5c1f3a9e-8e3b-2d4f-9a61-0b7c2e4d1f10",
                81559L * 1024 * 1024, 40273L * 1024 * 1024, 87));
        assertThat(d.get(1).utilizationPercent()).isEqualTo(0.0);
        assertThat(d.get(2).hasUtilization()).isFalse();
        assertThat(d.get(3).hasUtilization()).isFalse();
        assertThat(d.get(3).memoryUsedPercent()).isCloseTo(95.21, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void malformedLinesAreErrorsNamingTheLine() {
        assertThatThrownBy(() -> NvidiaSmi.parse("0, GPU-x, 100\n")).hasMessageContaining("has 3 fields, expected 5")
                .hasMessageContaining("'0, GPU-x, 100'");
        assertThatThrownBy(() -> NvidiaSmi.parse("0, GPU-x, [N/A], 5, 1\n")).hasMessageContaining("no memory.total");
        assertThatThrownBy(() -> NvidiaSmi.parse("zero, GPU-x, 1, 1, 1\n")).hasMessageContaining("unreadable nvidia-smi line");
        assertThat(NvidiaSmi.parse("\n\n")).isEmpty();
    }

    @Test
    void runsTheExecutableAndReportsTheFullestDevice(@TempDir Path tmp) throws Exception {
        Path fake = tmp.resolve("nvidia-smi");
        Files.writeString(fake, "#!/bin/sh\n[ \"$1\" = \"" + NvidiaSmi.ARGS.get(0) + "\" ] || exit 3\ncat <<'EOF'\n" + CAPTURED + "EOF\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        GpuSource source = GpuSource.nvidiaSmi(new NvidiaSmi(fake, Duration.ofSeconds(10)), Clock.systemUTC());
        Reading r = source.read().get(0);
        assertThat(r.source()).isEqualTo("nvidia-smi");
        assertThat(r.resource()).isEqualTo(Resource.GPU);
        assertThat(r.usedPercent()).isCloseTo(95.21, org.assertj.core.api.Assertions.within(0.01));
        assertThat(r.detail()).contains("GPU 3", "util n/a", "fullest of 4");
        assertThat(source.devices()).hasSize(4);

        Files.writeString(fake, "#!/bin/sh\necho 'NVIDIA-SMI has failed' ; exit 9\n");
        assertThatThrownBy(source::read).hasMessageContaining("nvidia-smi exited with 9: NVIDIA-SMI has failed");
        assertThat(source.devices()).isEmpty();
    }
}
