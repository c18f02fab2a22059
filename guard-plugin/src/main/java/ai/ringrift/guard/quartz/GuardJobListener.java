package ai.ringrift.guard.quartz;

import ai.ringrift.guard.eviction.RunningFire;
import ai.ringrift.guard.eviction.RunningFires;
import ai.ringrift.guard.pipeline.DecisionKey;
import ai.ringrift.guard.pipeline.FireOutcomes;
import ai.ringrift.guard.pipeline.FireRequest;
import java.util.Optional;
import java.time.Instant;
import java.util.function.Supplier;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz side of {@link FireOutcomes}: start and finish of each admitted fire (duration,
 * success, error, the job's result text) against its decision key; a fire another listener vetoed
 * gives its reservation back. Each admitted fire is in the node's {@link RunningFires} while it
 * runs (the evictor's choice); a fire the guard interrupted gets an outcome saying so
 * ({@link FireOutcomes#interrupted}). Never throws.
 */
public final class GuardJobListener extends JobListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GuardJobListener.class);

    private final String name;
    private final Supplier<FireOutcomes> outcomes;
    private final Supplier<RunningFires> running;

    public GuardJobListener(String name, Supplier<FireOutcomes> outcomes) {
        this(name, outcomes, () -> null);
    }

    public GuardJobListener(String name, Supplier<FireOutcomes> outcomes, Supplier<RunningFires> running) {
        this.name = name;
        this.outcomes = outcomes;
        this.running = running;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        try {
            FireOutcomes o = outcomes.get();
            if (o == null || !(context.get(FireKeys.CTX_KEY) instanceof DecisionKey key)) {
                return;
            }
            context.put(FireKeys.CTX_STARTED, o.clock().instant());
            o.started(key, reservation(context));
            RunningFires fires = running.get();
            if (fires != null && context.get(FireKeys.CTX_REQUEST) instanceof FireRequest request) {
                fires.started(new RunningFire(request, o.clock().instant(), new QuartzRunning(context)));
            }
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot note the start of {}: {}", context.getJobDetail().getKey(), e.toString());
        }
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
        try {
            FireOutcomes o = outcomes.get();
            if (o != null && context.get(FireKeys.CTX_KEY) instanceof DecisionKey key) {
                o.abandoned(key, context.getJobDetail().getKey().getName(), reservation(context));
            }
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot release the reservation of {}: {}", context.getJobDetail().getKey(), e.toString());
        }
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException error) {
        try {
            FireOutcomes o = outcomes.get();
            if (o == null || !(context.get(FireKeys.CTX_KEY) instanceof DecisionKey key)) {
                return;
            }
            Object started = context.get(FireKeys.CTX_STARTED);
            Instant start = started instanceof Instant i ? i : context.getFireTime().toInstant();
            Throwable cause = error == null ? null : (error.getCause() != null ? error.getCause() : error);
            RunningFires fires = running.get();
            Optional<RunningFire> ran = fires == null ? Optional.empty() : fires.finished(context.getFireInstanceId());
            if (ran.isPresent() && ran.get().evictedBy() != null) {
                o.interrupted(key, context.getJobDetail().getKey().getGroup(), context.getJobDetail().getKey().getName(),
                        reservation(context), start, ran.get().evictedBy(), context.getResult());
                return;
            }
            o.finished(key, context.getJobDetail().getKey().getGroup(), context.getJobDetail().getKey().getName(),
                    reservation(context), start, cause, context.getResult());
        } catch (RuntimeException e) {
            LOG.warn("guard: cannot record the outcome of {}: {}", context.getJobDetail().getKey(), e.toString());
        }
    }

    private static long reservation(JobExecutionContext context) {
        return context.get(FireKeys.CTX_RESERVATION) instanceof Long id ? id : 0L;
    }
}
