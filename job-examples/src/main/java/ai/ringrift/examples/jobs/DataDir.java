package ai.ringrift.examples.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The data directory the example jobs read and write, with its fixed layout:
 * {@code games/<config>/}, {@code archive/}, {@code models/<config>/}, {@code logs/}, {@code tmp/}
 * and {@code health.json}.
 *
 * <p>Resolved per run ({@link #resolve(JobExecutionContext)}): job parameter {@code data_dir},
 * else the SchedulerContext entry {@code ringrift.dataDir} (a String or Path), else {@code ./data}.
 */
public final class DataDir {

    /** Job parameter naming the data directory. */
    public static final String PARAM = "data_dir";
    /** SchedulerContext key of the data directory (String or Path). */
    public static final String CONTEXT_KEY = ai.ringrift.scheduler.GuardedScheduler.CONTEXT_DATA_DIR;
    /** Used when neither is set. */
    public static final Path DEFAULT = Paths.get("data");

    private final Path root;

    private DataDir(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public static DataDir of(Path root) {
        return new DataDir(root);
    }

    /** Resolves the data directory of a run (see the class comment). */
    public static DataDir resolve(JobExecutionContext context) throws JobExecutionException {
        Object param = context.getMergedJobDataMap().get(PARAM);
        if (param != null && !String.valueOf(param).isBlank()) {
            return new DataDir(Paths.get(String.valueOf(param).trim()));
        }
        Object fromContext;
        try {
            fromContext = context.getScheduler().getContext().get(CONTEXT_KEY);
        } catch (SchedulerException e) {
            throw new JobExecutionException("cannot read the scheduler context for '" + CONTEXT_KEY + "': "
                    + e.getMessage(), e);
        }
        if (fromContext instanceof Path p) {
            return new DataDir(p);
        }
        if (fromContext != null && !String.valueOf(fromContext).isBlank()) {
            return new DataDir(Paths.get(String.valueOf(fromContext).trim()));
        }
        return new DataDir(DEFAULT);
    }

    public Path root() {
        return root;
    }

    public Path games() {
        return root.resolve("games");
    }

    public Path games(String config) {
        return games().resolve(config);
    }

    public Path archive() {
        return root.resolve("archive");
    }

    public Path models() {
        return root.resolve("models");
    }

    public Path models(String config) {
        return models().resolve(config);
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path tmp() {
        return root.resolve("tmp");
    }

    public Path healthFile() {
        return root.resolve("health.json");
    }

    /**
     * Creates {@code dir} (and parents) when missing.
     *
     * @throws JobExecutionException naming the directory when it cannot be created
     */
    public static Path ensure(Path dir) throws JobExecutionException {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JobExecutionException("cannot create directory " + dir + ": " + e
                    + " (check the data directory setting '" + PARAM + "' and its permissions)", e);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
