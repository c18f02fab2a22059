package ai.ringrift.guard.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The node's fleet metrics, all per node (each node exports its own value, so {@code sum()} and
 * {@code max()} over nodes mean what they say): {@code ringrift_guard_halted} (1 while an emergency
 * halt holds the node) and {@code ringrift_guard_scale_advice{job_name}} (workers to add, negative to
 * shed, 0 to hold, for each job of {@code fleet.scaleJobs}). {@link #refresh} follows the advised jobs;
 * the heartbeat calls it.
 */
public final class FleetMetrics implements MeterBinder, AutoCloseable {

    private final BooleanSupplier halted;
    private final Supplier<Map<String, Integer>> advice;
    private volatile Gauge haltedGauge;
    private volatile MeterRegistry registry;
    private KeyedGauges<String> adviceGauges;

    /**
     * @param halted whether the node is halted
     * @param advice advised delta by job name
     */
    public FleetMetrics(BooleanSupplier halted, Supplier<Map<String, Integer>> advice) {
        this.halted = Objects.requireNonNull(halted, "halted");
        this.advice = Objects.requireNonNull(advice, "advice");
    }

    @Override
    public synchronized void bindTo(MeterRegistry target) {
        haltedGauge = Gauge.builder("ringrift.guard.halted", () -> halted.getAsBoolean() ? 1 : 0)
                .description("1 while an emergency halt holds this node (fires below fleet.haltRunsFrom are deferred)")
                .register(target);
        adviceGauges = new KeyedGauges<>(target, job -> Gauge.builder("ringrift.guard.scale.advice", () -> delta(job))
                .tag("job_name", job)
                .description("Scale advice for this node: workers of the job to add (negative: shed, 0: hold)")
                .register(target));
        registry = target;
        refresh();
    }

    /** Registers and removes the advice series as the advised jobs change. */
    public synchronized void refresh() {
        if (registry != null) {
            adviceGauges.sync(List.copyOf(advice.get().keySet()));
        }
    }

    private Double delta(String job) {
        Integer d = advice.get().get(job);
        return d == null ? null : d.doubleValue();
    }

    @Override
    public synchronized void close() {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        adviceGauges.clear();
        r.remove(haltedGauge);
        registry = null;
    }
}
