package ai.ringrift.db.audit;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows per second written by 8 threads into an embedded H2 file: {@link AuditLog#record} (group
 * commit, durable on return) versus one transaction per row. Score = rows/s (ops/s).
 *
 * <pre>scripts/bench.sh db AuditWriteBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s [-p database=h2,postgresql]</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class AuditWriteBenchmark {

    /** h2: embedded H2 file; postgresql: 127.0.0.1:5432/test in a schema of its own (dropped after). */
    @Param({"h2"})
    public String database;

    private Path dir;
    private Database db;
    private String schema;
    private AuditLog log;
    private AuditWriter perRow;
    private final AtomicLong perRowSeq = new AtomicLong();
    private final DecisionRow row = AuditRows.decision("selfplay", "ALLOW", "NORMAL", Instant.now());

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("audit-write-bench");
        if (database.equals("postgresql")) {
            schema = "audit_bench_" + System.nanoTime();
            admin("CREATE SCHEMA " + schema);
            db = Database.openAndMigrate(new DatabaseSettings(PG + "?currentSchema=" + schema, "postgres", "", 10));
        } else {
            db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("db")).withPoolSize(10));
        }
        log = new AuditLog(db.dataSource(), AuditLogSettings.defaults(dir.resolve("spool")).withNodeId("bench"));
        perRow = new AuditWriter(db.dataSource());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.close();
        db.close();
        if (schema != null) {
            admin("DROP SCHEMA " + schema + " CASCADE");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

    private static void admin(String sql) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(PG, "postgres", "");
                java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public long groupCommit() {
        return log.record(row);
    }

    @Benchmark
    public int transactionPerRow() throws SQLException {
        return perRow.insert(List.of(row.withNodeAndSeq("per-row", perRowSeq.incrementAndGet())), List.of(), false);
    }
}
