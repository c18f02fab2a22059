package ai.ringrift.cli;

import ai.ringrift.guard.runtime.GuardOptions;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.guard.sample.Sampler;
import ai.ringrift.guard.sample.SamplingSettings;
import java.time.Clock;
import java.util.List;

/**
 * Where the CLI's local commands (status and explain without a daemon, recommend) and the daemon
 * take their readings from: this host's standard sources (OSHI, java.nio, NVML), always, in the product.
 *
 * <p>Test seam: {@link #replaceForTests} makes them (and {@code ringrift run} started in the same
 * JVM) read the given sources instead, so the tests of this package can assert the level,
 * decision and tier those readings must give, and fleet tests can keep a shared machine's CPU
 * load out of their nodes' levels. Nothing in the product calls it.
 */
final class LocalReadings {

    private static volatile List<ReadingSource> replaced;

    private LocalReadings() {
    }

    /** The read-only guard view's options: the host's sources (or the test's). */
    static GuardOptions guardOptions() {
        List<ReadingSource> r = replaced;
        return r == null ? GuardOptions.readOnlyView() : GuardOptions.readOnlyView().withSources(r);
    }

    /** A sampler over the host's sources (or the test's). */
    static Sampler sampler(SamplingSettings settings) {
        List<ReadingSource> r = replaced;
        return r == null ? Sampler.withDefaultSources(settings) : new Sampler(settings, r, Clock.systemUTC());
    }

    /** The test's sources, or null: the daemon then reads the host's. */
    static List<ReadingSource> replaced() {
        return replaced;
    }

    /** Test seam only: until the returned handle is closed, local commands read {@code sources}. */
    static Restore replaceForTests(List<ReadingSource> sources) {
        replaced = List.copyOf(sources);
        return () -> replaced = null;
    }

    /** Puts the host's sources back. */
    interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
