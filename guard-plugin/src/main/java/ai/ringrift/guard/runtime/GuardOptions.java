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
 */
public record GuardOptions(List<ReadingSource> sources, Clock clock, boolean startJobRunr, boolean startHttp) {

    public static GuardOptions defaults() {
        return new GuardOptions(null, Clock.systemUTC(), true, true);
    }

    public GuardOptions withSources(List<ReadingSource> s) {
        return new GuardOptions(s, clock, startJobRunr, startHttp);
    }

    public GuardOptions withHttp(boolean start) {
        return new GuardOptions(sources, clock, startJobRunr, start);
    }

    public GuardOptions withJobRunr(boolean start) {
        return new GuardOptions(sources, clock, start, startHttp);
    }
}
