package ai.ringrift.examples.jobs;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleanup (BACKGROUND, relieves disk): deletes what {@link CleanupPlan} selects for the current disk
 * level, and reports the bytes freed. Because it relieves disk, the guard lets it run when disk is
 * the worst resource, whatever the level.
 *
 * <p>The level, first found wins: parameter {@code level} (0-4, for manual runs), the guard's
 * {@code ringrift.guard.diskLevel}, the guard's {@code ringrift.guard.level}, else computed from
 * the data directory's file store with limit {@code disk_max_pct} (70) and the bands
 * 0.70/0.85/0.95/1.00. {@code dry_run=true} reports the same selection and bytes without deleting.
 */
@DisallowConcurrentExecution
@Guarded(priority = Priority.BACKGROUND, relieves = Resource.DISK)
public class CleanupJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupJob.class);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String job = "CleanupJob";
        JobParams params = new JobParams(context, job);
        boolean dryRun = params.bool("dry_run", false);
        DataDir data = DataDir.resolve(context);
        String[] levelAndSource = level(params, data);
        int level = Integer.parseInt(levelAndSource[0]);

        CleanupPlan plan;
        try {
            CleanupInventory inventory = CleanupInventory.scan(data);
            plan = CleanupPlan.plan(level, inventory.candidates(), inventory.protectedPaths(), Instant.now(),
                    CleanupPlan.Rules.DEFAULT);
        } catch (IOException e) {
            throw new JobExecutionException(job + ": cannot list " + data + ": " + e, e);
        }

        long freed = 0;
        int deleted = 0;
        List<String> failures = new ArrayList<>();
        if (!dryRun) {
            for (CleanupPlan.Deletion d : plan.deletions()) {
                Path p = d.file().path();
                try {
                    long size = Files.size(p);
                    Files.delete(p);
                    freed += size;
                    deleted++;
                    LOG.debug("deleted {} ({} bytes): {}", p, size, d.reason());
                } catch (NoSuchFileException e) {
                    LOG.debug("{} already gone", p);
                } catch (IOException e) {
                    failures.add(p + ": " + e);
                }
            }
        }
        StringJoiner kinds = new StringJoiner(", ");
        for (Map.Entry<CleanupPlan.Kind, Integer> e : plan.countByKind().entrySet()) {
            kinds.add(e.getValue() + " " + e.getKey().plural());
        }
        String where = " at disk level " + level + " (" + levelAndSource[1] + ") under " + data;
        String summary = dryRun
                ? String.format(Locale.ROOT, "dry run: would free %d bytes (%s)%s: %s", plan.bytes(),
                FileUtil.human(plan.bytes()), where, kinds)
                : String.format(Locale.ROOT, "freed %d bytes (%s)%s: deleted %d of %d selected (%s)", freed,
                FileUtil.human(freed), where, deleted, plan.deletions().size(), kinds);
        if (!failures.isEmpty()) {
            throw new JobExecutionException(job + ": " + summary + "; could not delete " + failures.size()
                    + " files: " + String.join("; ", failures));
        }
        LOG.info("{}", summary);
        context.setResult(summary);
    }

    /** {level, where it came from}. */
    private static String[] level(JobParams params, DataDir data) throws JobExecutionException {
        int manual = params.integer("level", -1, 0, 4);
        if (manual >= 0) {
            return new String[] {Integer.toString(manual), "parameter level"};
        }
        for (String key : new String[] {GuardKeys.DISK_LEVEL, GuardKeys.LEVEL}) {
            if (params.raw(key) != null) {
                return new String[] {Integer.toString(params.integer(key, 0, 0, 4)), key};
            }
        }
        double maxPct = params.decimal("disk_max_pct", DiskLevel.DEFAULT_MAX_PCT, 1, 100);
        try {
            Path root = DataDir.ensure(data.root());
            double used = DiskLevel.usedPercent(Files.getFileStore(root));
            return new String[] {Integer.toString(DiskLevel.forUsedPercent(used, maxPct)),
                    String.format(Locale.ROOT, "disk %.1f%% used of limit %.0f%%", used, maxPct)};
        } catch (IOException e) {
            throw new JobExecutionException("CleanupJob: cannot read the disk usage of " + data + ": " + e, e);
        }
    }
}
