package ai.ringrift.examples.jobs;

import ai.ringrift.guard.api.DiskCleanup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graded cleanup of a data directory as a library-API {@link DiskCleanup}: scans it
 * ({@link CleanupInventory}), selects with {@link CleanupPlan} for the level, deletes (or in a dry run
 * only counts) the selection. {@link CleanupJob} runs it; so does {@code ResourceGuard.checkAndCleanup}.
 */
public final class DataDirCleanup implements DiskCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirCleanup.class);

    private final DataDir data;
    private final Clock clock;
    private final CleanupPlan.Rules rules;

    public DataDirCleanup(DataDir data) {
        this(data, Clock.systemUTC(), CleanupPlan.Rules.DEFAULT);
    }

    public DataDirCleanup(DataDir data, Clock clock, CleanupPlan.Rules rules) {
        this.data = Objects.requireNonNull(data, "data");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    @Override
    public Path root() {
        return data.root();
    }

    /** {@inheritDoc} The summary names the level and the data directory; {@code where} adds how the level was found. */
    @Override
    public CleanupResult run(int level, boolean dryRun) throws IOException {
        return run(level, dryRun, "");
    }

    CleanupResult run(int level, boolean dryRun, String levelSource) throws IOException {
        CleanupInventory inventory = CleanupInventory.scan(data);
        CleanupPlan plan = CleanupPlan.plan(level, inventory.candidates(), inventory.protectedPaths(), clock.instant(),
                rules);
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
        String where = " at disk level " + level + (levelSource.isEmpty() ? "" : " (" + levelSource + ")") + " under "
                + data;
        String summary = dryRun
                ? String.format(Locale.ROOT, "dry run: would free %d bytes (%s)%s: %s", plan.bytes(),
                FileUtil.human(plan.bytes()), where, kinds)
                : String.format(Locale.ROOT, "freed %d bytes (%s)%s: deleted %d of %d selected (%s)", freed,
                FileUtil.human(freed), where, deleted, plan.deletions().size(), kinds);
        return new CleanupResult(level, dryRun, plan.deletions().size(), deleted, dryRun ? plan.bytes() : freed,
                failures, summary);
    }
}
