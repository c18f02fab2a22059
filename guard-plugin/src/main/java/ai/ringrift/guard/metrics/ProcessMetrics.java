package ai.ringrift.guard.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's own metrics (memory, GC, threads, CPU, uptime), for a process the
 * scheduler owns: the {@code ringrift run} daemon binds them beside {@link GuardMetrics}. A host
 * application binds its own (Spring Boot does), so the guard never binds these itself: bound
 * twice, the GC counters would count every pause twice.
 */
public final class ProcessMetrics implements MeterBinder, AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    @Override
    public void bindTo(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Unbinds the GC notification listener. */
    @Override
    public void close() {
        gc.close();
    }
}
