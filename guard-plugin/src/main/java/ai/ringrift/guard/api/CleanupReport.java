package ai.ringrift.guard.api;

/**
 * What {@code checkAndCleanup} found and did.
 *
 * @param before   the disk's pressure level before (from a fresh reading of the cleanup's root)
 * @param after    the level after the cleanup (the same as before in a dry run)
 * @param result   what the cleanup did
 * @param diskOk   the disk check passes after the cleanup (used % below max)
 */
public record CleanupReport(PressureLevel before, PressureLevel after, DiskCleanup.CleanupResult result,
                            boolean diskOk) {
}
