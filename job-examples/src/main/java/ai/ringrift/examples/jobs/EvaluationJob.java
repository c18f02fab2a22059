package ai.ringrift.examples.jobs;

import ai.ringrift.db.Database;
import ai.ringrift.examples.game.Elo;
import ai.ringrift.examples.game.GameConfig;
import ai.ringrift.examples.game.GreedyPlayer;
import ai.ringrift.examples.game.Player;
import ai.ringrift.examples.game.SelfplayEngine;
import ai.ringrift.examples.game.ValueModelPlayer;
import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluation tournament (HIGH; memory 2 GB): a round robin between the newest checkpoints of a
 * configuration and a greedy baseline player; every game updates both players' Elo ratings, which
 * are then saved to the {@code elo_rating} table (one transaction).
 *
 * <p>Parameters: {@code config} ({@code hex5}), {@code max_models} (3 newest checkpoints),
 * {@code games_per_pair} (10, colours alternate), {@code k_factor} (24), {@code noise} (0.1,
 * exploration of every player so games differ), {@code baseline} (true; always when there is only
 * one checkpoint), {@code seed} (random when absent).
 */
@DisallowConcurrentExecution
@Guarded(priority = Priority.HIGH, memoryGb = 2)
public class EvaluationJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationJob.class);

    /** The model id of the greedy baseline player of a configuration. */
    public static String baselineId(String config) {
        return config + "/baseline-greedy";
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String job = "EvaluationJob";
        JobParams params = new JobParams(context, job);
        GameConfig config = AbstractSelfplayJob.config(params, job);
        int maxModels = params.integer("max_models", 3, 1, 50);
        int gamesPerPair = params.integer("games_per_pair", 10, 1, 100_000);
        double k = params.decimal("k_factor", 24, 1, 400);
        double noise = params.decimal("noise", 0.1, 0, 1);
        boolean baseline = params.bool("baseline", true);
        Long seedParam = params.optionalLong("seed");
        long seed = seedParam != null ? seedParam : System.nanoTime();
        DataDir data = DataDir.resolve(context);
        Database db = JobDatabase.require(context, job);

        Map<String, Player> players = new LinkedHashMap<>();
        Path modelsDir = data.models(config.name());
        try {
            for (Path file : Checkpoint.list(modelsDir)) {
                if (players.size() >= maxModels) {
                    break;
                }
                Checkpoint cp = Checkpoint.read(file);
                if (cp.boardSize() != config.boardSize()) {
                    throw new JobExecutionException(job + ": checkpoint " + file + " is for board " + cp.boardSize()
                            + ", not " + config.name());
                }
                String id = Checkpoint.modelIdOf(file);
                players.put(id, new ValueModelPlayer(id, cp.model(), noise));
            }
        } catch (IOException e) {
            throw new JobExecutionException(job + ": " + e.getMessage(), e);
        }
        if (players.isEmpty()) {
            throw new JobExecutionException(job + ": no checkpoints under " + modelsDir
                    + ": run training for " + config.name() + " first");
        }
        if (baseline || players.size() < 2) {
            players.put(baselineId(config.name()), new GreedyPlayer(noise));
        }

        EloTable table = JobDatabase.eloTable(db, job);
        Map<String, Double> before = new HashMap<>();
        Map<String, Integer> gamesBefore = new HashMap<>();
        try {
            for (EloRating r : table.ranking(config.name())) {
                before.put(r.modelId(), r.rating());
                gamesBefore.put(r.modelId(), r.games());
            }
        } catch (SQLException e) {
            throw new JobExecutionException(job + ": cannot read elo_rating from " + db.describe() + ": "
                    + e.getMessage(), e);
        }
        Map<String, Double> rating = new LinkedHashMap<>();
        Map<String, Integer> played = new HashMap<>();
        for (String id : players.keySet()) {
            rating.put(id, before.getOrDefault(id, Elo.INITIAL));
            played.put(id, 0);
        }

        List<String> ids = new ArrayList<>(players.keySet());
        SplittableRandom rng = new SplittableRandom(seed);
        int total = 0;
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                String a = ids.get(i);
                String b = ids.get(j);
                for (int g = 0; g < gamesPerPair; g++) {
                    boolean aFirst = g % 2 == 0;
                    int winner = SelfplayEngine.playOut(config.boardSize(),
                            players.get(aFirst ? a : b), players.get(aFirst ? b : a), rng.split());
                    double scoreA = (winner == 1) == aFirst ? 1.0 : 0.0;
                    double ra = rating.get(a);
                    double rb = rating.get(b);
                    rating.put(a, Elo.update(ra, rb, scoreA, k));
                    rating.put(b, Elo.update(rb, ra, 1 - scoreA, k));
                    played.merge(a, 1, Integer::sum);
                    played.merge(b, 1, Integer::sum);
                    total++;
                }
            }
        }

        Instant now = Instant.now();
        List<EloRating> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(new EloRating(id, config.name(), rating.get(id), gamesBefore.getOrDefault(id, 0) + played.get(id),
                    now));
        }
        try {
            table.saveAll(rows);
        } catch (SQLException e) {
            throw new JobExecutionException(job + ": cannot save ratings to " + db.describe() + ": " + e.getMessage(), e);
        }
        StringJoiner ratings = new StringJoiner(", ");
        rows.stream().sorted((x, y) -> Double.compare(y.rating(), x.rating())).forEach(r ->
                ratings.add(String.format(Locale.ROOT, "%s %.1f (%+.1f)", r.modelId(), r.rating(),
                        r.rating() - before.getOrDefault(r.modelId(), Elo.INITIAL))));
        String summary = String.format(Locale.ROOT, "played %d games among %d players of %s (seed %d); ratings: %s",
                total, ids.size(), config.name(), seed, ratings);
        LOG.info("{}", summary);
        context.setResult(summary);
    }
}
