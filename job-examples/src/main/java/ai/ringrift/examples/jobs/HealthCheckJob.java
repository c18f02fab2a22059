package ai.ringrift.examples.jobs;

import ai.ringrift.db.Database;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health check (CRITICAL, every minute): the data directory is writable (a probe file is written and
 * deleted), its disk has at least {@code min_free_gb} (1.0) free, and the database answers
 * {@code SELECT 1} (when the scheduler context has one). Writes {@code health.json} in the data
 * directory (atomically) and fails, naming every problem, when one check fails.
 */
@DisallowConcurrentExecution
@Guarded(priority = Priority.CRITICAL)
public class HealthCheckJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckJob.class);
    private static final double GB = 1024.0 * 1024 * 1024;

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String job = "HealthCheckJob";
        JobParams params = new JobParams(context, job);
        double minFreeGb = params.decimal("min_free_gb", 1.0, 0, 1e9);
        DataDir data = DataDir.resolve(context);
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("checkedAt", Instant.now().toString());
        report.put("dataDir", data.root().toString());

        boolean writable = probeWritable(data.root(), problems);
        report.put("writable", writable);
        if (writable) {
            notes.add("data dir " + data.root() + " writable");
        }

        Map<String, Object> disk = new LinkedHashMap<>();
        try {
            FileStore store = Files.getFileStore(Files.exists(data.root()) ? data.root() : data.root().getRoot());
            long total = store.getTotalSpace();
            long usable = store.getUsableSpace();
            double usedPct = DiskLevel.usedPercent(store);
            disk.put("totalBytes", total);
            disk.put("usableBytes", usable);
            disk.put("usedPct", Math.round(usedPct * 10) / 10.0);
            disk.put("level", DiskLevel.forUsedPercent(usedPct, DiskLevel.DEFAULT_MAX_PCT));
            notes.add(String.format(Locale.ROOT, "disk %.1f%% used, %s free", usedPct, FileUtil.human(usable)));
            if (usable < minFreeGb * GB) {
                problems.add(String.format(Locale.ROOT, "only %s free on the data disk, below min_free_gb %.1f",
                        FileUtil.human(usable), minFreeGb));
            }
        } catch (IOException e) {
            problems.add("cannot read the data disk's size: " + e);
        }
        report.put("disk", disk);

        Map<String, Object> database = new LinkedHashMap<>();
        Database db = JobDatabase.find(context);
        database.put("configured", db != null);
        if (db == null) {
            notes.add("database not configured");
        } else {
            database.put("url", db.describe());
            long start = System.nanoTime();
            try (Connection c = db.dataSource().getConnection();
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT 1")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new SQLException("SELECT 1 returned no 1");
                }
                long ms = (System.nanoTime() - start) / 1_000_000;
                database.put("ok", true);
                database.put("latencyMs", ms);
                notes.add("database " + db.describe() + " answered in " + ms + " ms");
            } catch (SQLException | RuntimeException e) {
                database.put("ok", false);
                database.put("error", e.getMessage());
                problems.add("database " + db.describe() + " did not answer SELECT 1: " + e.getMessage());
            }
        }
        report.put("database", database);
        report.put("status", problems.isEmpty() ? "ok" : "failing");
        report.put("problems", problems);

        Path file = data.healthFile();
        if (writable) {
            try {
                FileUtil.writeAtomically(file, Checkpoint.JSON.writeValueAsBytes(report));
                notes.add("wrote " + file);
            } catch (IOException e) {
                problems.add("cannot write " + file + ": " + e);
            }
        }
        if (!problems.isEmpty()) {
            String message = "unhealthy: " + String.join("; ", problems);
            LOG.warn("{}", message);
            throw new JobExecutionException(message);
        }
        String summary = "healthy: " + String.join("; ", notes);
        LOG.debug("{}", summary);
        context.setResult(summary);
    }

    private static boolean probeWritable(Path root, List<String> problems) {
        Path probe = root.resolve(".health-probe-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            Files.writeString(probe, "ok");
            return true;
        } catch (IOException e) {
            problems.add("data dir " + root + " is not writable: " + e);
            return false;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                problems.add("cannot delete probe " + probe + ": " + e);
            }
        }
    }
}
