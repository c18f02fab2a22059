package ai.ringrift.guard.metrics;

import ai.ringrift.scheduler.model.Resource;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Where the guard's non-snapshot metrics come from, as plain suppliers so that the deferral
 * store, the breakers, the spawn limiter and the audit spool can be plugged in without this
 * package knowing their classes. A {@code null} supplier means "not plugged in": its metric is
 * left out of the scrape rather than shown as 0. The suppliers are called on every scrape, from
 * the HTTP thread: they must be cheap and must not block.
 *
 * @param deferralsPending number of deferrals waiting to re-fire ({@code ringrift_guard_deferrals_pending});
 *                         NaN while unknown (the database does not answer), never a wrong 0
 * @param breakerStates    registered job name to breaker state name ({@code CLOSED}, {@code HALF_OPEN},
 *                         {@code OPEN}); one {@code ringrift_guard_breaker_state{job_name}} series per key
 * @param spawnTokens      tokens left in the spawn-rate bucket ({@code ringrift_guard_spawn_tokens})
 * @param auditSpoolRows   rows waiting in the local audit spool ({@code ringrift_audit_spool_rows})
 * @param resourceLevels   a resource's level 0-4 with hysteresis, or -1 without a reading; feeds
 *                         {@code ringrift_memory_pressure_level} (memory and memory pressure, the higher)
 *                         and {@code ringrift_disk_pressure_level}
 */
public record MetricsSources(DoubleSupplier deferralsPending,
                             Supplier<Map<String, String>> breakerStates,
                             DoubleSupplier spawnTokens,
                             LongSupplier auditSpoolRows,
                             ToIntFunction<Resource> resourceLevels) {

    public MetricsSources(DoubleSupplier deferralsPending, Supplier<Map<String, String>> breakerStates,
                          DoubleSupplier spawnTokens, LongSupplier auditSpoolRows) {
        this(deferralsPending, breakerStates, spawnTokens, auditSpoolRows, null);
    }

    /** Nothing plugged in: only the snapshot, level, decision and deferral-age metrics appear. */
    public static MetricsSources none() {
        return new MetricsSources(null, null, null, null, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MetricsSources}; every supplier is optional. */
    public static final class Builder {
        private DoubleSupplier deferralsPending;
        private Supplier<Map<String, String>> breakerStates;
        private DoubleSupplier spawnTokens;
        private LongSupplier auditSpoolRows;
        private ToIntFunction<Resource> resourceLevels;

        private Builder() {
        }

        public Builder deferralsPending(DoubleSupplier supplier) {
            this.deferralsPending = supplier;
            return this;
        }

        public Builder breakerStates(Supplier<Map<String, String>> supplier) {
            this.breakerStates = supplier;
            return this;
        }

        public Builder spawnTokens(DoubleSupplier supplier) {
            this.spawnTokens = supplier;
            return this;
        }

        public Builder auditSpoolRows(LongSupplier supplier) {
            this.auditSpoolRows = supplier;
            return this;
        }

        public Builder resourceLevels(ToIntFunction<Resource> levels) {
            this.resourceLevels = levels;
            return this;
        }

        public MetricsSources build() {
            return new MetricsSources(deferralsPending, breakerStates, spawnTokens, auditSpoolRows, resourceLevels);
        }
    }
}
