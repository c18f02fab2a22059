package ai.ringrift.examples.jobs;

import ai.ringrift.examples.game.GameConfig;
import ai.ringrift.examples.game.GameFiles;
import ai.ringrift.examples.game.GameRecord;
import ai.ringrift.examples.game.GreedyPlayer;
import ai.ringrift.examples.game.Player;
import ai.ringrift.examples.game.RandomPlayer;
import ai.ringrift.examples.game.SelfplayEngine;
import ai.ringrift.examples.game.ValueModelPlayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-play shared by {@link SelfplayJob} and {@link BackfillSelfplayJob}: plays exactly
 * {@code num_games} games (the size the guard granted) and writes them as one JSON-lines file
 * {@code games/<config>/<source>-<time>-s<seed>.jsonl}, written under a hidden part name and moved
 * into place so that readers never see a partial batch. Interrupted ({@code interrupt()}: the
 * guard's level-4 eviction, or {@code ringrift jobs interrupt}), it stops after the game under way
 * and keeps the games already played: they are written as usual and the result says
 * {@code interrupted after N of M games; kept them}.
 *
 * <p>Parameters: {@code num_games}, {@code config} ({@code hex5}), {@code seed} (random when
 * absent; reported in the result), {@code noise} (exploration 0-1), {@code player}
 * ({@code auto}: the promoted model of the configuration when there is one, else greedy;
 * {@code greedy}, {@code random}, {@code model}), {@code threads} (1).
 */
abstract class AbstractSelfplayJob implements InterruptableJob {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractSelfplayJob.class);
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private volatile boolean interrupted;

    /** Tag written into each game and the file name ({@code selfplay}, {@code backfill}). */
    protected abstract String source();

    protected abstract int defaultNumGames();

    protected abstract double defaultNoise();

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String job = getClass().getSimpleName();
        JobParams params = new JobParams(context, job);
        int numGames = params.integer("num_games", defaultNumGames(), 1, 10_000_000);
        GameConfig config = config(params, job);
        Long seedParam = params.optionalLong("seed");
        long seed = seedParam != null ? seedParam : (System.nanoTime() ^ System.currentTimeMillis() * 31);
        double noise = params.decimal("noise", defaultNoise(), 0, 1);
        int threads = params.integer("threads", 1, 1, 256);
        DataDir data = DataDir.resolve(context);
        Player player = player(params.string("player", "auto"), data, config, noise, params);

        Path dir = DataDir.ensure(data.games(config.name()));
        Path target = uniqueTarget(dir, source() + "-" + STAMP.format(Instant.now()) + "-s" + seed);
        SelfplayEngine engine = new SelfplayEngine(config, source(), player, player);
        List<GameRecord> games = play(engine, seed, numGames, threads, job);
        if (games.isEmpty()) {
            // interrupted before the first game: nothing to keep
            String summary = "interrupted after 0 of " + numGames + " games; nothing written";
            LOG.info("{}: {}", job, summary);
            context.setResult(summary);
            return;
        }
        Path part = FileUtil.partFile(target);
        long bytes;
        try {
            GameFiles.write(part, games);
            FileUtil.moveAtomically(part, target);
            bytes = Files.size(target);
        } catch (IOException e) {
            throw new JobExecutionException(job + ": cannot write games to " + target + ": " + e, e);
        } finally {
            deleteQuietly(part);
        }
        long firstWins = games.stream().filter(g -> g.winner() == 1).count();
        String summary = String.format(Locale.ROOT, "wrote %d games (%s) to %s (config %s, seed %d, player %s,"
                        + " first player won %d)", games.size(), FileUtil.human(bytes), target, config.name(), seed,
                player.name(), firstWins);
        if (interrupted) {
            summary = "interrupted after " + games.size() + " of " + numGames + " games; kept them: " + summary;
        }
        LOG.info("{}: {}", job, summary);
        context.setResult(summary);
    }

    @Override
    public void interrupt() {
        interrupted = true;
    }

    /** Called after each game on the single-threaded path (a hook for tests); does nothing. */
    protected void played(int games) {
    }

    static GameConfig config(JobParams params, String job) throws JobExecutionException {
        String text = params.string("config", "hex5");
        try {
            return GameConfig.parse(text);
        } catch (IllegalArgumentException e) {
            throw new JobExecutionException(job + ": parameter " + e.getMessage());
        }
    }

    private Player player(String kind, DataDir data, GameConfig config, double noise, JobParams params)
            throws JobExecutionException {
        Path promoted = data.models(config.name()).resolve(Promotion.FILE_NAME);
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "greedy" -> new GreedyPlayer(noise);
            case "random" -> new RandomPlayer();
            case "model" -> {
                if (!Files.isRegularFile(promoted)) {
                    throw new JobExecutionException(getClass().getSimpleName() + ": parameter 'player' is 'model' but "
                            + promoted + " does not exist: run training, evaluation and promotion first, or use"
                            + " player=auto");
                }
                yield modelPlayer(promoted, noise);
            }
            case "auto" -> Files.isRegularFile(promoted) ? modelPlayer(promoted, noise) : new GreedyPlayer(noise);
            default -> throw params.bad("player", kind, "one of auto, greedy, random, model");
        };
    }

    private Player modelPlayer(Path promoted, double noise) throws JobExecutionException {
        try {
            Promotion p = Promotion.read(promoted);
            return new ValueModelPlayer(p.modelId(), p.checkpoint().model(), noise);
        } catch (IOException | RuntimeException e) {
            throw new JobExecutionException(getClass().getSimpleName() + ": cannot read the promoted model "
                    + promoted + ": " + e.getMessage() + " (delete it or promote again)", e);
        }
    }

    private List<GameRecord> play(SelfplayEngine engine, long seed, int numGames, int threads, String job)
            throws JobExecutionException {
        List<GameRecord> games = new ArrayList<>(numGames);
        if (threads == 1) {
            for (int i = 0; i < numGames && !interrupted; i++) {
                games.add(engine.play(seed, i));
                played(games.size());
            }
            return games;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "selfplay-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<GameRecord>> futures = new ArrayList<>(numGames);
            for (int i = 0; i < numGames; i++) {
                int index = i;
                futures.add(pool.submit(() -> interrupted ? null : engine.play(seed, index)));
            }
            for (Future<GameRecord> f : futures) {
                GameRecord g = f.get();
                if (g != null) {
                    games.add(g); // games finished before the interrupt are kept, in order
                }
            }
            return games;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
            return games;
        } catch (ExecutionException e) {
            throw new JobExecutionException(job + ": a game failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Path uniqueTarget(Path dir, String base) {
        Path p = dir.resolve(base + GameFiles.EXTENSION);
        for (int i = 2; Files.exists(p); i++) {
            p = dir.resolve(base + "-" + i + GameFiles.EXTENSION);
        }
        return p;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", p, e.toString());
        }
    }
}
