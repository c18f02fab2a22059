package ai.ringrift.guard.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one sample of the default sources (CPU ticks, memory, disk, GPU lookup, PSI). Target:
 * <= 5 ms, i.e. <= 0.5 % of a core at 1 Hz.
 * {@code sampleOnce} is the JMH average (OSHI memoises CPU ticks for 300 ms, so most calls reuse
 * them); {@code sampleOnceUncached} sleeps 350 ms before each call (not timed) so every measured
 * sample reads /proc/stat afresh, as the 1 Hz sampler does.
 * Run: {@code scripts/bench.sh guard-plugin SamplerBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SamplerBenchmark {

    private Sampler sampler;

    @Setup(Level.Trial)
    public void setup() {
        // OSHI logs every file it reads at DEBUG; a deployment logs at INFO
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("oshi")).setLevel(ch.qos.logback.classic.Level.INFO);
        SamplingSettings s = SamplingSettings.defaults().withDiskPaths(List.of(Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("java.io.tmpdir"))));
        sampler = Sampler.withDefaultSources(s);
        sampler.sampleOnce();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sampler.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public Snapshot sampleOnce() {
        return sampler.sampleOnce();
    }

    /**
     * Lets OSHI's tick memo expire before each measured call, and reports the sampling thread's CPU
     * time of the call as the secondary result {@code cpuMicros} (ThreadMXBean).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Expired {
        public double cpuMicros;

        @Setup(Level.Iteration)
        public void reset() {
            cpuMicros = 0;
        }

        @Setup(Level.Invocation)
        public void waitOutTickCache() throws InterruptedException {
            Thread.sleep(350);
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    public Snapshot sampleOnceUncached(Expired expired) {
        long start = THREADS.getCurrentThreadCpuTime();
        Snapshot s = sampler.sampleOnce();
        expired.cpuMicros += (THREADS.getCurrentThreadCpuTime() - start) / 1000.0;
        return s;
    }
}
