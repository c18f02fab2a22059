package ai.ringrift.guard.runtime;

import ai.ringrift.guard.sample.ReadingSource;
import java.time.Clock;
import java.util.List;

/**
 * How to start a {@link Guard} beyond what {@code guard.yaml} says.
 *
 * @param sources      reading sources to use instead of the default ones (tests inject readings
 *                     through the same interface the sampler uses), or null for the defaults
 * @param clock        the clock of the engine, sampler and audit rows
 * @param startJobRunr start JobRunr (deferrals, dashboard); false only for read-only tools
 * @param startHttp    start the metrics/status HTTP server when {@code metrics.enabled}
 * @param writeAudit   open the audit log writer (spool, replayer, sequence numbers of this node);
 *                     false for a read-only view beside a running daemon, which owns them
 */
public record GuardOptions(List<ReadingSource> sources, Clock clock, boolean startJobRunr, boolean startHttp,
                           boolean writeAudit) {

    public static GuardOptions defaults() {
        return new GuardOptions(null, Clock.systemUTC(), true, true, true);
    }

    /**
     * A read-only view for command-line tools: readings and the engine, no JobRunr, no HTTP, no
     * audit writer (the daemon of this node owns the spool and the sequence numbers).
     */
    public static GuardOptions readOnlyView() {
        return new GuardOptions(null, Clock.systemUTC(), false, false, false);
    }

    public GuardOptions withSources(List<ReadingSource> s) {
        return new GuardOptions(s, clock, startJobRunr, startHttp, writeAudit);
    }

    public GuardOptions withClock(Clock c) {
        return new GuardOptions(sources, c, startJobRunr, startHttp, writeAudit);
    }

    public GuardOptions withHttp(boolean start) {
        return new GuardOptions(sources, clock, startJobRunr, start, writeAudit);
    }

    public GuardOptions withJobRunr(boolean start) {
        return new GuardOptions(sources, clock, start, startHttp, writeAudit);
    }
}
