package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.api.ApiSettings;
import ai.ringrift.guard.api.CleanupReport;
import ai.ringrift.guard.api.PressureLevel;
import ai.ringrift.guard.api.ResourceChecker;
import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.policy.ResourceLimit;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library API's check-and-cleanup over the example jobs' graded cleanup, on this machine's real
 * disk: with a disk limit of 0.01 % any real disk is at level 4 (EMERGENCY), so the level-4 selection
 * of {@link CleanupPlan} applies; a dry run deletes nothing, a real run deletes exactly the selection.
 */
class CheckAndCleanupTest {

    @TempDir
    Path root;

    private void file(String rel, Duration age) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x".repeat(100));
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
    }

    @Test
    void dryRunSelectsAndARealRunDeletesForTheDisksLevel() throws Exception {
        file("tmp/old.tmp", Duration.ofHours(1));
        file("tmp/fresh.tmp", Duration.ZERO);
        file("logs/2d.log", Duration.ofDays(2));
        file("logs/1h.log", Duration.ofHours(1));
        Limits tiny = Limits.DEFAULTS.with(Resource.DISK, new ResourceLimit(0.01, 0.005, 0));
        ResourceChecker checker = new ResourceChecker(() -> Snapshot.empty(Instant.now()), tiny, ApiSettings.DEFAULTS,
                Clock.systemUTC());
        DataDirCleanup cleanup = new DataDirCleanup(DataDir.of(root));

        CleanupReport dry = checker.checkAndCleanup(cleanup, true);
        assertThat(dry.before()).isEqualTo(PressureLevel.EMERGENCY);
        assertThat(dry.result().level()).isEqualTo(4);
        assertThat(dry.result().selected()).as(dry.result().summary()).isEqualTo(2); // old tmp, 2-day log
        assertThat(dry.result().deleted()).isZero();
        assertThat(dry.result().summary()).startsWith("dry run: would free 200 bytes");
        assertThat(root.resolve("tmp/old.tmp")).exists();

        CleanupReport real = checker.checkAndCleanup(cleanup, false);
        assertThat(real.result().deleted()).isEqualTo(2);
        assertThat(real.result().bytes()).isEqualTo(200);
        assertThat(root.resolve("tmp/old.tmp")).doesNotExist();
        assertThat(root.resolve("logs/2d.log")).doesNotExist();
        assertThat(root.resolve("tmp/fresh.tmp")).exists();
        assertThat(root.resolve("logs/1h.log")).exists();
        assertThat(real.diskOk()).as("a real disk stays above a 0.01 %% limit").isFalse();
    }
}
