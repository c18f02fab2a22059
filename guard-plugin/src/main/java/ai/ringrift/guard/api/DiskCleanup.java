package ai.ringrift.guard.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A graded disk cleanup the library API can run synchronously ({@code checkAndCleanup}): deletes
 * what it selects for a disk level 0-4, or with {@code dryRun} only reports it. The example jobs'
 * {@code DataDirCleanup} (over {@code CleanupPlan}) is the standard one.
 */
public interface DiskCleanup {

    /** The directory it cleans; its file system's disk reading sets the level. */
    Path root();

    /**
     * Runs the cleanup for {@code level}.
     *
     * @throws IOException when the files cannot be listed
     */
    CleanupResult run(int level, boolean dryRun) throws IOException;

    /**
     * What a cleanup did.
     *
     * @param level    the disk level it ran for
     * @param dryRun   nothing was deleted
     * @param selected files selected
     * @param deleted  files deleted (0 in a dry run)
     * @param bytes    bytes freed, or that a dry run would free
     * @param failures files that could not be deleted, with the error
     * @param summary  one line, e.g. {@code dry run: would free 2048 bytes (2.0 KB) at disk level 3 ...}
     */
    record CleanupResult(int level, boolean dryRun, int selected, int deleted, long bytes,
                         java.util.List<String> failures, String summary) {
        public CleanupResult {
            failures = java.util.List.copyOf(failures);
        }
    }
}
