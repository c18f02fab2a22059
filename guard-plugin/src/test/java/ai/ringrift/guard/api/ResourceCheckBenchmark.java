package ai.ringrift.guard.api;

import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.SnapshotProvider;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code latest()} + {@code canProceed(needs)} on a published snapshot. Target: average <= 1 us.
 * Run: {@code scripts/bench.sh guard-plugin ResourceCheckBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResourceCheckBenchmark {

    private SnapshotProvider provider;
    private ResourceChecker checker;
    private final ResourceNeeds needs = ResourceNeeds.of(1, 4, 2, 10);

    @Setup
    public void setup() {
        Snapshots snaps = Snapshots.healthy();
        provider = snaps;
        checker = new ResourceChecker(snaps, Limits.DEFAULTS, ApiSettings.DEFAULTS,
                Clock.fixed(Snapshots.T0.plusMillis(200), ZoneOffset.UTC));
    }

    @Benchmark
    public Snapshot latest() {
        return provider.latest();
    }

    @Benchmark
    public boolean latestAndCanProceed() {
        return checker.canProceed(needs);
    }
}
