package ai.ringrift.examples.jobs;

import ai.ringrift.guard.api.DiskCleanup;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleanup (BACKGROUND, relieves disk): deletes what {@link CleanupPlan} selects for the current disk
 * level ({@link DataDirCleanup}), and reports the bytes freed. Because it relieves disk, the guard lets it run when disk is
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

        DiskCleanup.CleanupResult r;
        try {
            r = new DataDirCleanup(data).run(level, dryRun, levelAndSource[1]);
        } catch (IOException e) {
            throw new JobExecutionException(job + ": cannot list " + data + ": " + e, e);
        }
        String summary = r.summary();
        if (!r.failures().isEmpty()) {
            throw new JobExecutionException(job + ": " + summary + "; could not delete " + r.failures().size()
                    + " files: " + String.join("; ", r.failures()));
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
