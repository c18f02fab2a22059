package ai.ringrift.guard.quartz;

import java.util.function.Supplier;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's hook into the guard: {@link #vetoJobExecution} runs on the worker thread for every
 * fire and asks the {@link FireGate}. It never throws (quartz#918: an exception here leaves the
 * fired trigger stuck); an unexpected failure holds the fire back. Before the guard has started, fires pass (the plugin starts the guard
 * before Quartz's scheduler thread runs, so this happens only in unusual set-ups).
 */
public final class GuardTriggerListener extends TriggerListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GuardTriggerListener.class);

    private final String name;
    private final Supplier<FireGate> gate;
    private final MisfireAudit.Relay misfires;

    public GuardTriggerListener(String name, Supplier<FireGate> gate) {
        this(name, gate, null);
    }

    GuardTriggerListener(String name, Supplier<FireGate> gate, MisfireAudit.Relay misfires) {
        this.name = name;
        this.gate = gate;
        this.misfires = misfires;
    }

    /**
     * Quartz's misfire handler gave up on a fire time: audited, counted and logged ({@link MisfireAudit}),
     * once the guard runs if it does not yet.
     */
    @Override
    public void triggerMisfired(Trigger trigger) {
        try {
            if (misfires != null) {
                misfires.missed(trigger);
            } else {
                LOG.warn("guard: not started; {} missed its fire due at {}", trigger.getKey(), trigger.getNextFireTime());
            }
        } catch (Throwable t) {
            LOG.error("guard: cannot audit the misfire of {}", trigger.getKey(), t);
        }
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        try {
            FireGate g = gate.get();
            if (g == null) {
                LOG.warn("guard: not started; {} runs unguarded", context.getJobDetail().getKey());
                return false;
            }
            return g.vetoes(context);
        } catch (Throwable t) {
            // the pipeline never throws; only a broken context gets here: fail closed
            LOG.error("guard: unexpected failure deciding on {}; the fire is held back", trigger.getKey(), t);
            return true;
        }
    }
}
