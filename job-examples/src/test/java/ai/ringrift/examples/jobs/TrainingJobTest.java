package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.examples.game.GameFiles;
import ai.ringrift.examples.game.GameRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobTest {

    private static JobHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new JobHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void writesACheckpointDerivedFromTheGames(@TempDir Path data) throws Exception {
        harness.run(SelfplayJob.class, Map.of("data_dir", data.toString(), "num_games", "30", "seed", "1",
                "config", "hex4")).resultOrFail();
        harness.run(BackfillSelfplayJob.class, Map.of("data_dir", data.toString(), "num_games", "15", "seed", "2",
                "config", "hex4")).resultOrFail();
        List<GameRecord> games = new java.util.ArrayList<>();
        for (Path f : SelfplayJobTest.gameFiles(data.resolve("games/hex4"))) {
            games.addAll(GameFiles.read(f));
        }
        int positions = games.stream().mapToInt(g -> g.moves().size()).sum();

        String result = harness.run(TrainingJob.class, Map.of("data_dir", data.toString(), "config", "hex4",
                "epochs", "3")).resultOrFail();

        List<Path> checkpoints = Checkpoint.list(data.resolve("models/hex4"));
        assertThat(checkpoints).hasSize(1);
        Checkpoint cp = Checkpoint.read(checkpoints.get(0));
        assertThat(cp.modelId()).isEqualTo(Checkpoint.modelIdOf(checkpoints.get(0))).startsWith("hex4/checkpoint-");
        assertThat(cp.games()).isEqualTo(45);
        assertThat(cp.gameFiles()).isEqualTo(2);
        assertThat(cp.trainPositions() + cp.heldOutPositions()).isEqualTo(positions);
        assertThat(cp.epochLoss()).hasSize(3);
        assertThat(cp.weights()).hasSize(17);
        assertThat(cp.weights()).isNotEqualTo(new double[17]);
        assertThat(cp.model().boardSize()).isEqualTo(4);
        assertThat(result).contains("45 games").contains(checkpoints.get(0).toString());

        // a second run makes a second, newer checkpoint
        harness.run(TrainingJob.class, Map.of("data_dir", data.toString(), "config", "hex4", "epochs", "1",
                "max_games", "20")).resultOrFail();
        checkpoints = Checkpoint.list(data.resolve("models/hex4"));
        assertThat(checkpoints).hasSize(2);
        assertThat(Checkpoint.read(checkpoints.get(0)).games()).isEqualTo(20);
    }

    @Test
    void tooFewGamesFailsAskingForSelfplay(@TempDir Path data) throws Exception {
        JobHarness.Outcome o = harness.run(TrainingJob.class, Map.of("data_dir", data.toString()));
        assertThat(o.error()).isNotNull();
        assertThat(o.error().getMessage()).contains("found 0 games").contains("run selfplay");
        assertThat(Checkpoint.list(data.resolve("models/hex5"))).isEmpty();
    }
}
