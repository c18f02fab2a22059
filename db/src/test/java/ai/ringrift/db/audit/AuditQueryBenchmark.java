package ai.ringrift.db.audit;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The "last hour by decision" queries over 1,000,000 decisions in an embedded H2 file, spread
 * evenly over {@code spanHours} (168: one week, about 6,000 rows in the last hour; 24: about 41,700).
 * Target: at most 100 ms per query. Score = ms/op.
 *
 * <pre>scripts/bench.sh db AuditQueryBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class AuditQueryBenchmark {

    static final int ROWS = 1_000_000;
    static final List<String> DECISIONS = List.of("ALLOW", "ALLOW", "ALLOW", "RESIZE", "DEFER", "VETO");
    static final List<String> PRIORITIES = List.of("BACKGROUND", "LOW", "NORMAL", "HIGH", "CRITICAL");

    @Param({"168", "24"})
    public int spanHours;

    private Path dir;
    private Database db;
    private AuditQuery query;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("audit-query-bench");
        db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("db")));
        now = Instant.now();
        AuditWriter writer = new AuditWriter(db.dataSource());
        long stepMicros = Duration.ofHours(spanHours).toNanos() / 1000 / ROWS;
        List<DecisionRow> batch = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Instant at = now.minusNanos(1000L * stepMicros * (ROWS - i));
            batch.add(AuditRows.decision("job-" + (i % 50), DECISIONS.get(i % DECISIONS.size()),
                    PRIORITIES.get(i % PRIORITIES.size()), at).withNodeAndSeq("bench", i + 1L));
            if (batch.size() == 10_000) {
                writer.insert(batch, List.of(), false);
                batch.clear();
            }
        }
        query = new AuditQuery(db.dataSource());
        long inHour = summaryLastHour().total();
        long expected = (long) ROWS / spanHours;
        if (Math.abs(inHour - expected) > expected / 10 + 10) {
            throw new IllegalStateException("setup: " + inHour + " rows in the last hour, expected about " + expected);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Counts by decision and priority over the last hour (what "how much did we throttle" runs). */
    private long shift;

    /** A window start that differs per call by a few microseconds, so H2's result cache cannot answer. */
    private Instant hourAgo() {
        return now.minus(Duration.ofHours(1)).plusNanos(1000L * (shift++ % 1000));
    }

    @Benchmark
    public Summary summaryLastHour() {
        return query.summary(hourAgo(), now.plusSeconds(1));
    }

    /** The newest 100 DEFER decisions of the last hour. */
    @Benchmark
    public Page deferredLastHour() {
        return query.find(AuditFilter.builder().since(hourAgo()).decision("DEFER").build());
    }
}
