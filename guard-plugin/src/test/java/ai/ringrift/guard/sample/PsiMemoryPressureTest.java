package ai.ringrift.guard.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory pressure (PSI) as a reading of its own: the host format ({@code /proc/pressure/memory}),
 * the cgroup v2 format ({@code memory.pressure} of this process's cgroup), a host without PSI (no
 * reading, never 0 %), and the real file system of the machine running the test.
 */
class PsiMemoryPressureTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(PsiMemoryPressureTest.class.getResource("/psi/" + name), name).toURI());
    }

    @Test
    void hostFileGivesFullAvg10AsTheReading() throws Exception {
        PsiSource psi = new PsiSource(fixture("host"), java.util.Optional.empty(), CLOCK);
        List<Reading> readings = psi.read();
        assertThat(readings).hasSize(1);
        Reading r = readings.get(0);
        assertThat(r.resource()).isEqualTo(Resource.MEMORY_PRESSURE);
        assertThat(r.usedPercent()).isEqualTo(64.5);
        assertThat(r.source()).isEqualTo("psi");
        assertThat(r.takenAt()).isEqualTo(T);
        assertThat(r.detail()).contains("full avg10 of").contains("host/memory").contains("some avg10 71.25%");
        assertThat(psi.covers()).containsExactly(Resource.MEMORY_PRESSURE);
        assertThat(psi.signals()).containsEntry("psi.memory.full.avg10", 64.5)
                .containsEntry("psi.memory.some.avg60", 40.1).containsEntry("psi.io.full.avg10", 1.0)
                .containsEntry("psi.cpu.some.avg10", 0.0);
    }

    @Test
    void cgroupV2FileOfThisProcessWinsOverTheHost() throws Exception {
        CgroupPaths cgroups = CgroupPaths.detect(fixture("cgroup2"), fixture("cgroup2-self-cgroup"));
        assertThat(cgroups.isV2()).isTrue();
        PsiSource psi = new PsiSource(fixture("host"), cgroups.v2(), CLOCK);
        Reading r = psi.read().get(0);
        assertThat(r.usedPercent()).as("the container's own stall, not the host's 64.5").isEqualTo(8.75);
        assertThat(r.source()).isEqualTo("cgroup-psi");
        assertThat(r.detail()).contains("trainer.service/memory.pressure").contains("some avg10 12.40%");
        assertThat(psi.signals()).as("co-signals stay the host's").containsEntry("psi.memory.full.avg10", 64.5);
    }

    @Test
    void cgroupV1HostFallsBackToTheHostFile() throws Exception {
        Path v1 = Files.createDirectories(tmp.resolve("v1/memory"));
        CgroupPaths cgroups = CgroupPaths.detect(v1.getParent(), fixture("cgroup2-self-cgroup"));
        assertThat(cgroups.v2()).isEmpty();
        assertThat(new PsiSource(fixture("host"), cgroups.v2(), CLOCK).read().get(0).source()).isEqualTo("psi");
    }

    @Test
    void noPsiMeansNoReadingNeverZero() throws IOException {
        Sampler sampler = new Sampler(SamplingSettings.defaults(), List.of(new PsiSource(tmp.resolve("no-pressure"),
                java.util.Optional.empty(), CLOCK)), CLOCK);
        Snapshot s = sampler.sampleOnce();
        assertThat(s.reading(Resource.MEMORY_PRESSURE)).isNull();
        assertThat(s.missingReason(Resource.MEMORY_PRESSURE)).hasValueSatisfying(why ->
                assertThat(why).startsWith("no PSI on this host: ").contains("no-pressure/memory"));
        assertThat(s.signals()).isEmpty();
    }

    @Test
    void aPsiFileWithoutAFullLineGivesNoReading() throws Exception {
        Files.writeString(tmp.resolve("memory"), "some avg10=5.00 avg60=1.00 avg300=0.00 total=1\n");
        assertThat(new PsiSource(tmp).read()).isEmpty();
    }

    /** The machine's own PSI: a reading equal to its file when the kernel has PSI, else the "no reading" path. */
    @Test
    void theRealFileSystem() throws Exception {
        CgroupPaths cgroups = CgroupPaths.system();
        Sampler sampler = new Sampler(SamplingSettings.defaults(), List.of(PsiSource.system(cgroups, Clock.systemUTC())),
                Clock.systemUTC());
        Snapshot s = sampler.sampleOnce();
        Path host = PsiSource.DEFAULT_ROOT.resolve("memory");
        Path file = new PsiSource(PsiSource.DEFAULT_ROOT, cgroups.v2(), Clock.systemUTC()).memoryFile();
        if (file != null) {
            Reading r = s.reading(Resource.MEMORY_PRESSURE);
            assertThat(r).as("PSI present at %s", file).isNotNull();
            assertThat(r.usedPercent()).isBetween(0.0, 100.0);
            assertThat(r.detail()).contains(file.toString());
            assertThat(Files.readAllLines(file)).anyMatch(l -> l.startsWith("full avg10="));
            System.out.println("real PSI: " + r.usedPercent() + " % from " + file);
        } else {
            assertThat(Files.isReadable(host)).isFalse();
            assertThat(s.reading(Resource.MEMORY_PRESSURE)).isNull();
            assertThat(s.missingReason(Resource.MEMORY_PRESSURE)).hasValueSatisfying(why ->
                    assertThat(why).startsWith("no PSI on this host"));
            System.out.println("no PSI on this machine: checked the no-reading path on the real file system");
        }
        assertThat(s.staleAfter()).isGreaterThan(Duration.ZERO);
    }
}
