package ai.ringrift.guard.metrics;

/**
 * The names the guard's metrics have in the Prometheus scrape. Micrometer meter names are dotted
 * and the Prometheus naming convention turns dots into underscores and adds {@code _total} to
 * counters and {@code _seconds} to timers; the constants here are the exposed names, which
 * {@code GuardMetricsScrapeTest} checks against a real scrape.
 */
public final class MetricNames {

    public static final String DEGRADATION_LEVEL = "ringrift_resource_degradation_level";
    public static final String DISK_USED_PERCENT = "ringrift_resource_disk_used_percent";
    public static final String MEMORY_USED_PERCENT = "ringrift_resource_memory_used_percent";
    public static final String CPU_USED_PERCENT = "ringrift_resource_cpu_used_percent";
    public static final String GPU_USED_PERCENT = "ringrift_resource_gpu_used_percent";
    /** PSI memory {@code full avg10}; no series on a host without PSI. */
    public static final String MEMORY_PRESSURE_PERCENT = "ringrift_resource_memory_pressure_percent";
    /** 0-4 (NORMAL ... EMERGENCY): the higher level of memory and memory pressure. */
    public static final String MEMORY_PRESSURE_LEVEL = "ringrift_memory_pressure_level";
    /** 0-4 (NORMAL ... EMERGENCY): the disk's level. */
    public static final String DISK_PRESSURE_LEVEL = "ringrift_disk_pressure_level";
    /** Gauge per resource with a reading, label {@code resource}. */
    public static final String READING_AGE_SECONDS = "ringrift_resource_reading_age_seconds";
    /** Counter, labels {@code decision}, {@code priority}, {@code reason}. */
    public static final String DECISIONS_TOTAL = "ringrift_guard_decisions_total";
    public static final String DEFERRALS_PENDING = "ringrift_guard_deferrals_pending";
    /** Histogram (Micrometer timer): {@code _bucket}, {@code _count}, {@code _sum}, plus {@code _max}. */
    public static final String DEFERRAL_AGE_SECONDS = "ringrift_guard_deferral_age_seconds";
    public static final String DEFERRALS_EXPIRED_TOTAL = "ringrift_guard_deferrals_expired_total";
    /** Counter, label {@code failure}: store, supersede, unaudited, lost ({@code pipeline.DeferralFailure}). */
    public static final String DEFERRAL_FAILURES_TOTAL = "ringrift_guard_deferral_failures_total";
    /**
     * Gauge per registered job, label {@code job_name} (not {@code job}, which Prometheus reserves for
     * the scrape job and would rename to {@code exported_job}): 0 closed, 1 half-open, 2 open.
     */
    public static final String BREAKER_STATE = "ringrift_guard_breaker_state";
    public static final String SPAWN_TOKENS = "ringrift_guard_spawn_tokens";
    public static final String AUDIT_SPOOL_ROWS = "ringrift_audit_spool_rows";
    public static final String HALTED = "ringrift_guard_halted";
    public static final String SCALE_ADVICE = "ringrift_guard_scale_advice";

    private MetricNames() {
    }
}
