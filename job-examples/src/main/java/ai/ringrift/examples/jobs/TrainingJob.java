package ai.ringrift.examples.jobs;

import ai.ringrift.examples.game.GameConfig;
import ai.ringrift.examples.game.GameFiles;
import ai.ringrift.examples.game.GameRecord;
import ai.ringrift.examples.game.ValueModelTrainer;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training (HIGH; GPU 16 GB, memory 8 GB, disk 10 GB): reads the newest games of a configuration
 * from {@code games/<config>/}, trains a logistic-regression value model over board features for a
 * few epochs, and writes {@code models/<config>/checkpoint-<time>.json}.
 *
 * <p>Parameters: {@code config} ({@code hex5}), {@code epochs} (5), {@code learning_rate} (0.01),
 * {@code l2} (0.0001), {@code max_games} (20000, newest files first), {@code min_games} (10: fewer
 * is a failure asking to run self-play first), {@code seed} (1). Interrupted (the guard's level-4
 * eviction), it stops between epochs and checkpoints the model of the epochs completed (none:
 * nothing written); the result says {@code interrupted after K of N epochs; checkpointed}.
 */
@DisallowConcurrentExecution
@Guarded(priority = Priority.HIGH, gpuMemoryGb = 16, memoryGb = 8, diskGb = 10)
public class TrainingJob implements InterruptableJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);
    private volatile boolean interrupted;

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String job = "TrainingJob";
        JobParams params = new JobParams(context, job);
        GameConfig config = AbstractSelfplayJob.config(params, job);
        int epochs = params.integer("epochs", 5, 1, 10_000);
        double lr = params.decimal("learning_rate", 0.01, 1e-9, 10);
        double l2 = params.decimal("l2", 1e-4, 0, 1);
        int maxGames = params.integer("max_games", 20_000, 1, Integer.MAX_VALUE);
        int minGames = params.integer("min_games", 10, 1, Integer.MAX_VALUE);
        Long seedParam = params.optionalLong("seed");
        long seed = seedParam == null ? 1L : seedParam;
        DataDir data = DataDir.resolve(context);

        Path gamesDir = data.games(config.name());
        List<GameRecord> games = new ArrayList<>();
        int files = 0;
        try {
            for (Path file : gameFilesNewestFirst(gamesDir)) {
                if (games.size() >= maxGames) {
                    break;
                }
                List<GameRecord> batch = GameFiles.read(file);
                files++;
                for (GameRecord g : batch) {
                    if (games.size() >= maxGames) {
                        break;
                    }
                    if (g.boardSize() != config.boardSize()) {
                        throw new JobExecutionException(job + ": " + file + " holds game " + g.id() + " for board "
                                + g.boardSize() + ", but " + config.name() + " is board " + config.boardSize());
                    }
                    games.add(g);
                }
            }
        } catch (IOException e) {
            throw new JobExecutionException(job + ": cannot read games under " + gamesDir + ": " + e.getMessage(), e);
        }
        if (games.size() < minGames) {
            throw new JobExecutionException(job + ": found " + games.size() + " games for " + config.name()
                    + " under " + gamesDir + ", need at least " + minGames
                    + " (parameter min_games): run selfplay for this configuration first");
        }

        ValueModelTrainer.Result result;
        String stopped = null;
        try {
            result = ValueModelTrainer.train(config.boardSize(), games,
                    new ValueModelTrainer.Settings(epochs, lr, l2, seed), this::stopRequested);
        } catch (ValueModelTrainer.CancelledException e) {
            if (e.partial() == null) {
                String summary = job + ": interrupted before the first epoch finished; no checkpoint written";
                LOG.info("{}", summary);
                context.setResult(summary);
                return;
            }
            result = e.partial(); // checkpoint what the completed epochs learned
            stopped = "interrupted after " + result.epochLoss().size() + " of " + epochs + " epochs; checkpointed: ";
        } catch (IllegalArgumentException e) {
            throw new JobExecutionException(job + ": the games under " + gamesDir + " are inconsistent: "
                    + e.getMessage(), e);
        }

        Path dir = DataDir.ensure(data.models(config.name()));
        Instant now = Instant.now();
        String stamp = AbstractSelfplayJob.STAMP.format(now);
        Path file = dir.resolve(Checkpoint.PREFIX + stamp + Checkpoint.SUFFIX);
        for (int i = 2; Files.exists(file); i++) {
            file = dir.resolve(Checkpoint.PREFIX + stamp + "-" + i + Checkpoint.SUFFIX);
        }
        Checkpoint checkpoint = new Checkpoint(Checkpoint.modelIdOf(file), config.name(), config.boardSize(),
                now.toString(), games.size(), files, result.trainPositions(), result.heldOutPositions(),
                result.epochLoss().size(), lr,
                result.epochLoss(), result.trainAccuracy(),
                Double.isNaN(result.heldOutAccuracy()) ? null : result.heldOutAccuracy(),
                result.model().bias(), result.model().weights());
        try {
            checkpoint.write(file);
        } catch (IOException e) {
            throw new JobExecutionException(job + ": cannot write checkpoint " + file + ": " + e, e);
        }
        List<Double> loss = result.epochLoss();
        String summary = String.format(Locale.ROOT,
                "trained %s on %d games (%d positions, %d epochs, loss %.4f -> %.4f, held-out accuracy %s);"
                        + " wrote %s", checkpoint.modelId(), games.size(), result.trainPositions(),
                result.epochLoss().size(),
                loss.get(0), loss.get(loss.size() - 1),
                checkpoint.heldOutAccuracy() == null ? "n/a"
                        : String.format(Locale.ROOT, "%.3f", checkpoint.heldOutAccuracy()), file);
        if (stopped != null) {
            summary = stopped + summary;
        }
        LOG.info("{}", summary);
        context.setResult(summary);
    }

    @Override
    public void interrupt() {
        interrupted = true;
    }

    /** Asked before each epoch: true once {@link #interrupt()} was called (a hook for tests). */
    protected boolean stopRequested() {
        return interrupted;
    }

    private static List<Path> gameFilesNewestFirst(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && GameFiles.isGamesFile(p)) {
                    out.add(p);
                }
            }
        }
        List<Path> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing((Path p) -> lastModified(p)).thenComparing(Path::toString).reversed());
        return sorted;
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
