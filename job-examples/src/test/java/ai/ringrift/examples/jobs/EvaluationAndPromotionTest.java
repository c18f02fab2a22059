package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationAndPromotionTest {

    @TempDir
    Path data;
    @TempDir
    Path dbDir;
    private JobHarness harness;
    private Database db;
    private EloTable table;

    @BeforeEach
    void start() throws Exception {
        db = Database.openAndMigrate(DatabaseSettings.h2File(dbDir.resolve("ringrift")));
        table = EloTable.on(db);
        harness = new JobHarness();
        harness.putContext(GuardKeys.DATABASE, db);
        harness.putContext(DataDir.CONTEXT_KEY, data); // a Path, found without the data_dir parameter
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        db.close();
    }

    private List<Path> trainTwoCheckpoints() throws Exception {
        harness.run(SelfplayJob.class, Map.of("num_games", "30", "seed", "5", "config", "hex4")).resultOrFail();
        harness.run(TrainingJob.class, Map.of("config", "hex4", "epochs", "1")).resultOrFail();
        harness.run(TrainingJob.class, Map.of("config", "hex4", "epochs", "4", "seed", "2")).resultOrFail();
        List<Path> checkpoints = Checkpoint.list(data.resolve("models/hex4"));
        assertThat(checkpoints).hasSize(2);
        return checkpoints;
    }

    @Test
    void evaluationRatesTheNewestCheckpointsAndTheBaseline() throws Exception {
        List<Path> checkpoints = trainTwoCheckpoints();
        String result = harness.run(EvaluationJob.class, Map.of("config", "hex4", "games_per_pair", "4",
                "seed", "9")).resultOrFail();

        List<EloRating> ranking = table.ranking("hex4");
        assertThat(ranking).extracting(EloRating::modelId).containsExactlyInAnyOrder(
                Checkpoint.modelIdOf(checkpoints.get(0)), Checkpoint.modelIdOf(checkpoints.get(1)),
                EvaluationJob.baselineId("hex4"));
        // 3 players, 3 pairs, 4 games each: every player plays 8 games
        assertThat(ranking).allSatisfy(r -> assertThat(r.games()).isEqualTo(8));
        // Elo is zero-sum with one K for all
        assertThat(ranking.stream().mapToDouble(EloRating::rating).sum()).isCloseTo(4500.0,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ranking.stream().mapToDouble(EloRating::rating).distinct().count()).isGreaterThan(1);
        assertThat(result).startsWith("played 12 games among 3 players of hex4");

        harness.run(EvaluationJob.class, Map.of("config", "hex4", "games_per_pair", "2", "baseline", "false"))
                .resultOrFail();
        assertThat(table.find(Checkpoint.modelIdOf(checkpoints.get(0))).orElseThrow().games()).isEqualTo(10);
        assertThat(table.find(EvaluationJob.baselineId("hex4")).orElseThrow().games()).isEqualTo(8);
    }

    @Test
    void evaluationWithoutCheckpointsOrDatabaseFailsClearly() throws Exception {
        JobHarness.Outcome o = harness.run(EvaluationJob.class, Map.of("config", "hex4"));
        assertThat(o.error().getMessage()).contains("no checkpoints").contains("run training");
        harness.removeContext(GuardKeys.DATABASE);
        o = harness.run(EvaluationJob.class, Map.of("config", "hex4"));
        assertThat(o.error().getMessage()).contains("needs the database").contains(GuardKeys.DATABASE);
    }

    @Test
    void promotionPicksTheBestRatedCheckpointOnce() throws Exception {
        List<Path> checkpoints = trainTwoCheckpoints();
        String newer = Checkpoint.modelIdOf(checkpoints.get(0));
        String older = Checkpoint.modelIdOf(checkpoints.get(1));
        Instant now = Instant.now();
        table.saveAll(List.of(
                new EloRating(EvaluationJob.baselineId("hex4"), "hex4", 1700, 20, now), // not a checkpoint
                new EloRating("hex4/checkpoint-gone", "hex4", 1650, 20, now),          // file missing
                new EloRating(older, "hex4", 1600, 20, now),
                new EloRating(newer, "hex4", 1400, 20, now)));

        String result = harness.run(ModelPromotionJob.class, Map.of()).resultOrFail();
        Path promotedFile = data.resolve("models/hex4/promoted.json");
        Promotion promoted = Promotion.read(promotedFile);
        assertThat(promoted.modelId()).isEqualTo(older);
        assertThat(promoted.rating()).isEqualTo(1600);
        assertThat(promoted.checkpoint().weights()).isEqualTo(Checkpoint.read(checkpoints.get(1)).weights());
        assertThat(result).contains("promoted " + older);

        byte[] before = Files.readAllBytes(promotedFile);
        result = harness.run(ModelPromotionJob.class, Map.of("config", "hex4")).resultOrFail();
        assertThat(result).contains(older + " already promoted");
        assertThat(Files.readAllBytes(promotedFile)).isEqualTo(before);

        table.saveAll(List.of(new EloRating(newer, "hex4", 1610, 21, now)));
        harness.run(ModelPromotionJob.class, Map.of()).resultOrFail();
        assertThat(Promotion.read(promotedFile).modelId()).isEqualTo(newer);
        try (var s = Files.list(data.resolve("models/hex4"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }

        // self-play with player=auto now plays the promoted model
        String selfplay = harness.run(SelfplayJob.class, Map.of("num_games", "10", "seed", "1", "config", "hex4"))
                .resultOrFail();
        assertThat(selfplay).contains("player model(" + newer);
    }

    @Test
    void promotionWithoutRatingsIsANoOp() throws Exception {
        String result = harness.run(ModelPromotionJob.class, Map.of()).resultOrFail();
        assertThat(result).contains("nothing to promote");
    }
}
