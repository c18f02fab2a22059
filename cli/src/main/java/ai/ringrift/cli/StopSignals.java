package ai.ringrift.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into a call of {@code onStop} instead of the JVM's default
 * (which runs shutdown hooks and exits 143/130), so the daemon can stop the scheduler gracefully
 * and exit 0. A signal the JVM cannot take over (e.g. SIGINT ignored in a background job) is
 * skipped with a debug log line.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    static void install(Runnable onStop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> onStop.run());
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
