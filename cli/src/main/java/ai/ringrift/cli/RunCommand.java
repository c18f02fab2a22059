package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.JobConfig;
import ai.ringrift.guard.http.StatusServer;
import ai.ringrift.guard.metrics.ProcessMetrics;
import ai.ringrift.guard.quartz.GuardPlugin;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.scheduler.GuardedScheduler;
import ch.qos.logback.classic.Level;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringrift run}: the daemon. Validates guard.yaml, migrates the database, starts Quartz with
 * the guard plugin (sampler, audit log, JobRunr server and dashboard, metrics endpoint), registers
 * the configured jobs and blocks until SIGTERM or Ctrl-C; then running jobs get a bounded time to
 * finish and the process exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the scheduler daemon with the guard, JobRunr's dashboard and the metrics endpoint.")
final class RunCommand extends BaseCommand {

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "how long running jobs may take to finish on SIGTERM/Ctrl-C (default ${DEFAULT-VALUE})")
    int stopTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (stopTimeoutSeconds < 0) {
            throw CliException.usage("--stop-timeout: must be >= 0, was " + stopTimeoutSeconds);
        }
        GuardConfig config = CliConfig.load(globals, err(), true);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ai.ringrift")).setLevel(Level.INFO);
        PrintWriter out = out();
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.install(stop::countDown);
        Database db = openDatabase(config);
        GuardedScheduler scheduler = null;
        // the daemon owns the process: its Prometheus registry (guard, JobRunr, JVM) serves /metrics
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessMetrics process = new ProcessMetrics();
        process.bindTo(prometheus);
        try {
            scheduler = GuardedScheduler.create(db, SchedulerSetup.daemonSettings(config));
            var ctx = scheduler.quartz().getContext();
            ctx.put(GuardPlugin.CONTEXT_CONFIG, config);
            ctx.put(GuardedScheduler.CONTEXT_DATA_DIR, config.sampling().dataDir().toString());
            ctx.put(GuardPlugin.CONTEXT_METER_REGISTRY, prometheus);
            ctx.put(GuardPlugin.CONTEXT_METRICS_SCRAPE,
                    (Supplier<String>) () -> prometheus.scrape(StatusServer.METRICS_CONTENT_TYPE));
            if (LocalReadings.replaced() != null) {
                ctx.put(Guard.CONTEXT_SOURCES, LocalReadings.replaced());
            }
            List<String> names = register(scheduler, config);
            scheduler.start();
            Guard guard = (Guard) ctx.get(Guard.CONTEXT_KEY);
            if (guard != null) {
                OutageLogFilter.watch(guard.databaseHealth()::unreachable);
            }
            out.println("database   " + db.settings().maskedUrl());
            out.println("dashboard  " + (guard == null ? "off" : guard.jobrunr().flatMap(j -> j.dashboard())
                    .map(d -> d.url()).orElse("off")));
            out.println("metrics    " + (guard == null ? "off" : guard.http().map(h -> h.baseUri() + "/metrics")
                    .orElse("off")));
            out.println("node       " + config.node().id());
            out.println("jobs       " + names.size() + " registered: " + String.join(", ", names));
            out.println("running; stop with Ctrl-C or SIGTERM");
            out.flush();
            stop.await();
            out.println("stopping: waiting up to " + stopTimeoutSeconds + " s for running jobs");
            out.flush();
            boolean clean = stopGracefully(scheduler, Duration.ofSeconds(stopTimeoutSeconds));
            scheduler = null;
            out.println(clean ? "stopped" : "gave up waiting for running jobs after " + stopTimeoutSeconds + " s");
            out.flush();
            return ExitCodes.OK;
        } finally {
            if (scheduler != null) {
                scheduler.shutdown(false);
            }
            process.close();
            prometheus.close();
            db.close();
        }
    }

    /** Registers (or updates) the enabled jobs; removes disabled ones from the store. */
    static List<String> register(GuardedScheduler scheduler, GuardConfig config) {
        List<String> names = new ArrayList<>();
        for (JobConfig j : config.jobs()) {
            if (j.enabled()) {
                scheduler.register(SchedulerSetup.spec(j));
                names.add(j.name());
            } else if (scheduler.find(j.name()).isPresent()) {
                scheduler.unregister(j.name());
            }
        }
        return names;
    }

    /** Shuts down waiting for running jobs, at most {@code timeout}; true when everything stopped. */
    static boolean stopGracefully(GuardedScheduler scheduler, Duration timeout) throws InterruptedException {
        Thread t = new Thread(() -> scheduler.shutdown(true), "ringrift-stop");
        t.setDaemon(true);
        t.start();
        t.join(Math.max(1, timeout.toMillis()));
        return !t.isAlive();
    }
}
