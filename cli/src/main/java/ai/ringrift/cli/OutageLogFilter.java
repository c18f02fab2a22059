package ai.ringrift.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Marker;

/**
 * The daemon's log during a database outage: the guard logs the outage once when it starts and once
 * when it ends, with the number of failed attempts ({@code DatabaseHealth}); meanwhile the warnings
 * and errors that JobRunr, HikariCP and Quartz log on every failed poll (about a thousand stack-trace
 * lines a minute) say nothing new and are dropped and counted here. Outside an outage nothing is
 * filtered. Registered in the daemon's {@code logback.xml}; {@link #watch} names the outage signal.
 */
public final class OutageLogFilter extends TurboFilter {

    /**
     * Loggers whose outage noise is dropped; the guard's own ({@code ai.ringrift}) are never touched,
     * except Quartz's job store, which logs under the name of its subclass {@code OutageAwareJobStore}.
     */
    static final String[] NOISY = {"org.jobrunr", "com.zaxxer.hikari", "org.quartz",
        "ai.ringrift.scheduler.OutageAwareJobStore"};

    private static volatile BooleanSupplier outage = () -> false;
    private static final AtomicLong DROPPED = new AtomicLong();

    /** Filters while {@code inOutage} says the database is unreachable (the running guard's view). */
    public static void watch(BooleanSupplier inOutage) {
        outage = inOutage == null ? () -> false : inOutage;
    }

    /** Log events dropped during outages since the daemon started. */
    public static long dropped() {
        return DROPPED.get();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || !noisy(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        if (!outage.getAsBoolean()) {
            return FilterReply.NEUTRAL;
        }
        DROPPED.incrementAndGet();
        return FilterReply.DENY;
    }

    static boolean noisy(String name) {
        for (String prefix : NOISY) {
            if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }
}
