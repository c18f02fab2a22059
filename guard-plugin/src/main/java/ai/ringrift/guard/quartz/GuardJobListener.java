package ai.ringrift.guard.quartz;

import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.guard.runtime.Guard;
import java.time.Instant;
import java.util.function.Supplier;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what happened to each admitted fire: an outcome row linked to its decision (duration,
 * success, error class and message, the job's result text), breaker feedback, and the release of
 * the fire's resource reservation. Never throws.
 */
public final class GuardJobListener extends JobListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GuardJobListener.class);

    private final String name;
    private final Supplier<Guard> guard;

    public GuardJobListener(String name, Supplier<Guard> guard) {
        this.name = name;
        this.guard = guard;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        try {
            Guard g = guard.get();
            if (g == null || context.get(FireKeys.CTX_SEQ) == null) {
                return;
            }
            context.put(FireKeys.CTX_STARTED, g.clock().instant());
            Object reservation = context.get(FireKeys.CTX_RESERVATION);
            if (reservation instanceof Long id && id != 0) {
                g.engine().onJobStarted(id);
            }
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot note the start of {}: {}", context.getJobDetail().getKey(), e.toString());
        }
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException error) {
        try {
            Guard g = guard.get();
            Object seq = context.get(FireKeys.CTX_SEQ);
            if (g == null || !(seq instanceof Long decisionSeq)) {
                return;
            }
            Instant finished = g.clock().instant();
            Object started = context.get(FireKeys.CTX_STARTED);
            Instant start = started instanceof Instant i ? i : context.getFireTime().toInstant();
            boolean success = error == null;
            Throwable cause = error == null ? null : (error.getCause() != null ? error.getCause() : error);
            Object result = context.getResult();
            String name = context.getJobDetail().getKey().getName();
            g.audit().recordOutcome(OutcomeRow.of(decisionSeq, context.getJobDetail().getKey().getGroup(), name,
                    start, finished, success, cause == null ? null : cause.getClass().getName(),
                    cause == null ? null : cut(String.valueOf(cause.getMessage()), 2000),
                    result == null ? null : cut(String.valueOf(result), 2000)));
            Object reservation = context.get(FireKeys.CTX_RESERVATION);
            g.engine().onJobFinished(name, reservation instanceof Long id ? id : 0L, success);
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot record the outcome of {}: {}", context.getJobDetail().getKey(), e.toString());
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
