package ai.ringrift.guard.sample;

import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One measured value of one resource.
 *
 * @param resource       what was measured
 * @param usedPercent    used share, 0-100
 * @param usedBytes      bytes used (for CPU: 0)
 * @param totalBytes     capacity in bytes (for CPU: 0)
 * @param availableBytes bytes still available (for CPU: 0)
 * @param source         where it came from: {@code host}, {@code cgroup}, {@code nio}, {@code nvml},
 *                       {@code nvidia-smi}, {@code psi}
 * @param takenAt        when it was measured
 * @param detail         what exactly was measured (mount point, GPU name), may be empty
 */
public record Reading(Resource resource, double usedPercent, long usedBytes, long totalBytes, long availableBytes,
                      String source, Instant takenAt, String detail) {

    public Reading {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(takenAt, "takenAt");
        if (Double.isNaN(usedPercent)) {
            throw new IllegalArgumentException("usedPercent is NaN for " + resource.key());
        }
        usedPercent = Math.max(0, Math.min(100, usedPercent));
        detail = detail == null ? "" : detail;
    }

    /** A reading known only as a percentage (e.g. injected by a test). */
    public static Reading percent(Resource resource, double usedPercent, String source, Instant takenAt) {
        return new Reading(resource, usedPercent, 0, 0, 0, source, takenAt, "");
    }

    /** A reading with byte counts; used % is derived as (total - available) / total. */
    public static Reading bytes(Resource resource, long totalBytes, long availableBytes, String source,
                                Instant takenAt, String detail) {
        long used = Math.max(0, totalBytes - availableBytes);
        double pct = totalBytes <= 0 ? 0 : 100.0 * used / totalBytes;
        return new Reading(resource, pct, used, totalBytes, availableBytes, source, takenAt, detail);
    }

    public double totalGb() {
        return totalBytes / 1e9;
    }

    public double availableGb() {
        return availableBytes / 1e9;
    }

    public Duration age(Instant now) {
        return Duration.between(takenAt, now);
    }
}
