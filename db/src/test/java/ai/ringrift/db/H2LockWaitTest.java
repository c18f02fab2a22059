package ai.ringrift.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon restarted at once after {@code kill -9}: the dead process's H2 lock file was touched by
 * its watchdog moments ago and H2 refuses the file ("Lock file recently modified"). The open waits
 * for the lock file to settle instead of failing (the old code failed with exit 1).
 */
class H2LockWaitTest {

    @TempDir
    Path dir;

    @Test
    void anOpenRightAfterTheOwnerDiedWaitsForTheLockFileToSettle() throws Exception {
        Path file = dir.resolve("ringrift");
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(file))) {
            assertThat(db.schemaVersion()).isNotBlank();
        }
        // the dead owner's lock file, still being touched (its watchdog) for a while after the open starts
        Path lock = dir.resolve("ringrift.lock.db");
        Files.writeString(lock, "#FileLock\nid=dead0wner\nmethod=file\n");
        AtomicBoolean touching = new AtomicBoolean(true);
        Instant stopAt = Instant.now().plusSeconds(5);
        Thread watchdog = new Thread(() -> {
            while (touching.get() && Instant.now().isBefore(stopAt)) {
                try {
                    Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        });
        watchdog.start();
        try {
            Instant start = Instant.now();
            try (Database db = Database.open(DatabaseSettings.h2File(file))) {
                assertThat(db.vendor()).isEqualTo(Vendor.H2);
            }
            assertThat(Duration.between(start, Instant.now())).as("it waited for the lock file to settle")
                    .isGreaterThan(Duration.ofSeconds(4));
        } finally {
            touching.set(false);
            watchdog.join();
        }
    }

    @Test
    void onlyALockFileRecentlyModifiedIsWaitedFor() {
        assertThat(H2LockWait.recentlyModified(new RuntimeException("pool",
                new java.sql.SQLException("Error opening database: \"Lock file recently modified\" [8000-232]"))))
                .isTrue();
        assertThat(H2LockWait.recentlyModified(new RuntimeException("Database may be already in use"))).isFalse();
    }
}
