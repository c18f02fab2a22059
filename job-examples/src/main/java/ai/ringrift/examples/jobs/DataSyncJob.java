package ai.ringrift.examples.jobs;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data sync (CRITICAL): copies new and changed game files from {@code games/} to {@code archive/}
 * (same relative paths), idempotently: a file whose archived copy has the same size and
 * modification time, or the same size and SHA-256, is skipped. Copies go to a part file and are
 * moved into place, with the source's modification time. Reports copied and unchanged counts.
 * No parameters besides {@code data_dir}.
 */
@DisallowConcurrentExecution
@Guarded(priority = Priority.CRITICAL, diskGb = 1)
public class DataSyncJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(DataSyncJob.class);

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String job = "DataSyncJob";
        DataDir data = DataDir.resolve(context);
        Path games = data.games();
        Path archive = data.archive();
        int copied = 0;
        int unchanged = 0;
        long bytes = 0;
        if (Files.isDirectory(games)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(games)) {
                files = walk.filter(Files::isRegularFile).filter(p -> !FileUtil.isHiddenOrPartial(p)).sorted()
                        .collect(Collectors.toList());
            } catch (IOException e) {
                throw new JobExecutionException(job + ": cannot list " + games + ": " + e, e);
            }
            for (Path source : files) {
                Path target = archive.resolve(games.relativize(source).toString());
                try {
                    if (sameContent(source, target)) {
                        unchanged++;
                        continue;
                    }
                    DataDir.ensure(target.getParent());
                    Path part = FileUtil.partFile(target);
                    try {
                        Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
                        Files.setLastModifiedTime(part, Files.getLastModifiedTime(source));
                        FileUtil.moveAtomically(part, target);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                    copied++;
                    bytes += Files.size(target);
                } catch (IOException e) {
                    throw new JobExecutionException(job + ": cannot archive " + source + " to " + target + " after "
                            + copied + " copies: " + e, e);
                }
            }
        }
        String summary = String.format(Locale.ROOT, "copied %d files (%s) to %s, %d unchanged", copied,
                FileUtil.human(bytes), archive, unchanged);
        LOG.info("{}", summary);
        context.setResult(summary);
    }

    /**
     * True when {@code target} exists with the same size and modification time, or the same size and
     * SHA-256 (then its time is aligned so the next run takes the cheap path).
     */
    static boolean sameContent(Path source, Path target) throws IOException {
        if (!Files.isRegularFile(target) || Files.size(source) != Files.size(target)) {
            return false;
        }
        FileTime sourceTime = Files.getLastModifiedTime(source);
        if (sourceTime.equals(Files.getLastModifiedTime(target))) {
            return true;
        }
        if (Arrays.equals(sha256(source), sha256(target))) {
            Files.setLastModifiedTime(target, sourceTime);
            return true;
        }
        return false;
    }

    static byte[] sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }
}
