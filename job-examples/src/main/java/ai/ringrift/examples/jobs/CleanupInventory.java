package ai.ringrift.examples.jobs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a data directory that {@link CleanupPlan} may select: everything under
 * {@code tmp/} and {@code logs/}, the {@code checkpoint-*.json} files of each
 * {@code models/<config>/}, and the non-hidden files under {@code games/}. Nothing else
 * (archive, promoted models, health file, database files) is ever listed. The checkpoint named by
 * a configuration's {@code promoted.json} is protected; when that file cannot be read, all
 * checkpoints of that configuration are.
 *
 * @param candidates     the files
 * @param protectedPaths files never to delete
 */
public record CleanupInventory(List<CleanupPlan.Candidate> candidates, Set<Path> protectedPaths) {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupInventory.class);

    /** Lists the data directory. */
    public static CleanupInventory scan(DataDir data) throws IOException {
        List<CleanupPlan.Candidate> out = new ArrayList<>();
        Set<Path> protectedPaths = new HashSet<>();
        walk(data.tmp(), CleanupPlan.Kind.TMP, "", out, false);
        walk(data.logs(), CleanupPlan.Kind.LOG, "", out, false);
        walk(data.games(), CleanupPlan.Kind.GAME, "", out, true);
        if (Files.isDirectory(data.models())) {
            try (DirectoryStream<Path> configs = Files.newDirectoryStream(data.models(), Files::isDirectory)) {
                for (Path configDir : configs) {
                    String config = configDir.getFileName().toString();
                    List<Path> checkpoints = Checkpoint.list(configDir);
                    for (Path cp : checkpoints) {
                        out.add(candidate(cp, CleanupPlan.Kind.CHECKPOINT, config));
                    }
                    Path promoted = configDir.resolve(Promotion.FILE_NAME);
                    if (Files.isRegularFile(promoted)) {
                        try {
                            protectedPaths.add(Checkpoint.fileOf(data.models(), Promotion.read(promoted).modelId())
                                    .normalize());
                        } catch (IOException e) {
                            LOG.warn("{}; keeping every checkpoint of {}", e.getMessage(), config);
                            protectedPaths.addAll(checkpoints);
                        }
                    }
                }
            }
        }
        return new CleanupInventory(List.copyOf(out), Set.copyOf(protectedPaths));
    }

    private static void walk(Path dir, CleanupPlan.Kind kind, String group, List<CleanupPlan.Candidate> out,
                             boolean skipHidden) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !skipHidden || !FileUtil.isHiddenOrPartial(p)).toList();
        }
        for (Path p : files) {
            try {
                out.add(candidate(p, kind, group));
            } catch (IOException e) {
                LOG.debug("skipping {} (vanished while listing): {}", p, e.toString());
            }
        }
    }

    private static CleanupPlan.Candidate candidate(Path p, CleanupPlan.Kind kind, String group) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return new CleanupPlan.Candidate(p.normalize(), kind, group, a.size(), a.lastModifiedTime().toInstant());
    }
}
