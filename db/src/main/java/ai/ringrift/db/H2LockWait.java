package ai.ringrift.db;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening an embedded H2 file just after its previous owner died: H2 refuses a file whose lock file
 * was modified moments ago ("Lock file recently modified"), which is what a daemon restarted at once
 * after {@code kill -9} (or a crash) meets while the dead process's lock watchdog last touched it.
 * The open is retried for up to {@link #WAIT}; a file still locked after that is a live owner, and
 * its error goes to the caller as it was.
 */
final class H2LockWait {

    /** How long an open waits for a recently modified lock file to settle. */
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final long PAUSE_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(H2LockWait.class);

    private H2LockWait() {
    }

    /** Runs {@code open}, again while it fails because the H2 lock file was recently modified (at most {@link #WAIT}). */
    static <T> T retrying(String describe, Supplier<T> open) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean logged = false;
        while (true) {
            try {
                return open.get();
            } catch (RuntimeException e) {
                if (!recentlyModified(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                if (!logged) {
                    LOG.info("H2 {}: its lock file was modified moments ago (a process that held it just died?);"
                            + " retrying for up to {} s", describe, WAIT.toSeconds());
                    logged = true;
                }
                try {
                    Thread.sleep(PAUSE_MS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** True when H2 refused the file because its lock file changed a moment ago. */
    static boolean recentlyModified(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Lock file recently modified")) {
                return true;
            }
        }
        return false;
    }
}
