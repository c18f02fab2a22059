package ai.ringrift.guard.runtime;

import ai.ringrift.guard.sample.ReadingSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * How to start a {@link Guard} beyond what {@code guard.yaml} says. The defaults suit a guard
 * inside a host application: no listening port of its own (HTTP endpoint and JobRunr dashboard
 * off), metrics in a private registry unless the host gives its own.
 *
 * @param sources        reading sources to use instead of the default ones (tests inject readings
 *                       through the same interface the sampler uses), or null for the defaults
 * @param clock          the clock of the engine, sampler and audit rows
 * @param startJobRunr   start JobRunr (deferrals); false only for read-only tools
 * @param startHttp      start the status/metrics HTTP endpoint (when {@code metrics.enabled})
 * @param writeAudit     open the audit log writer (spool, replayer, sequence numbers of this node);
 *                       false for a read-only view beside a running daemon, which owns them
 * @param startDashboard start JobRunr's dashboard (when {@code dashboard.enabled})
 * @param meterRegistry  the host's registry the guard's metrics bind to, or null for a private
 *                       {@code SimpleMeterRegistry}
 * @param metricsScrape  the body of {@code GET /metrics} (Prometheus text 0.0.4) from whoever owns
 *                       the Prometheus registry (the daemon), or null: no {@code /metrics} route
 */
public record GuardOptions(List<ReadingSource> sources, Clock clock, boolean startJobRunr, boolean startHttp,
                           boolean writeAudit, boolean startDashboard, MeterRegistry meterRegistry,
                           Supplier<String> metricsScrape) {

    /** A guard in a host application: JobRunr and the audit log, no HTTP endpoint, no dashboard. */
    public static GuardOptions defaults() {
        return new GuardOptions(null, Clock.systemUTC(), true, false, true, false, null, null);
    }

    /**
     * A read-only view for command-line tools: readings and the engine, no JobRunr, no HTTP, no
     * audit writer (the daemon of this node owns the spool and the sequence numbers).
     */
    public static GuardOptions readOnlyView() {
        return new GuardOptions(null, Clock.systemUTC(), false, false, false, false, null, null);
    }

    public GuardOptions withSources(List<ReadingSource> s) {
        return new GuardOptions(s, clock, startJobRunr, startHttp, writeAudit, startDashboard, meterRegistry,
                metricsScrape);
    }

    public GuardOptions withClock(Clock c) {
        return new GuardOptions(sources, c, startJobRunr, startHttp, writeAudit, startDashboard, meterRegistry,
                metricsScrape);
    }

    public GuardOptions withHttp(boolean start) {
        return new GuardOptions(sources, clock, startJobRunr, start, writeAudit, startDashboard, meterRegistry,
                metricsScrape);
    }

    public GuardOptions withJobRunr(boolean start) {
        return new GuardOptions(sources, clock, start, startHttp, writeAudit, startDashboard, meterRegistry,
                metricsScrape);
    }

    public GuardOptions withDashboard(boolean start) {
        return new GuardOptions(sources, clock, startJobRunr, startHttp, writeAudit, start, meterRegistry,
                metricsScrape);
    }

    /** Binds the guard's metrics (and JobRunr's) to the host's registry. */
    public GuardOptions withMeterRegistry(MeterRegistry registry) {
        return new GuardOptions(sources, clock, startJobRunr, startHttp, writeAudit, startDashboard, registry,
                metricsScrape);
    }

    /** Serves {@code GET /metrics} from {@code scrape} (Prometheus text 0.0.4). */
    public GuardOptions withMetricsScrape(Supplier<String> scrape) {
        return new GuardOptions(sources, clock, startJobRunr, startHttp, writeAudit, startDashboard, meterRegistry,
                scrape);
    }
}
