package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.examples.game.GameFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example jobs honour {@code interrupt()} (the guard's level-4 eviction) on a real Quartz
 * scheduler: self-play keeps the games already played and says how many; training checkpoints the
 * epochs it completed.
 */
class InterruptedExampleJobsTest {

    private static JobHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new JobHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    /** Self-play interrupted after its fifth game (as Quartz's interrupt() would, from another thread). */
    public static class SelfplayInterruptedAfterFive extends SelfplayJob {
        @Override
        protected void played(int games) {
            if (games == 5) {
                interrupt();
            }
        }
    }

    /** Training interrupted before its third epoch. */
    public static class TrainingInterruptedAfterTwoEpochs extends TrainingJob {
        private int asked;

        @Override
        protected boolean stopRequested() {
            if (++asked == 3) {
                interrupt();
            }
            return super.stopRequested();
        }
    }

    @Test
    void interruptedSelfplayKeepsTheGamesAlreadyPlayedAndSaysHowMany(@TempDir Path data) throws Exception {
        String result = harness.run(SelfplayInterruptedAfterFive.class, Map.of("data_dir", data.toString(),
                "num_games", "1000", "seed", "3")).resultOrFail();
        List<Path> files = SelfplayJobTest.gameFiles(data.resolve("games"));
        assertThat(files).hasSize(1);
        assertThat(GameFiles.read(files.get(0))).hasSize(5);
        assertThat(result).startsWith("interrupted after 5 of 1000 games; kept them: wrote 5 games");
    }

    @Test
    void interruptedTrainingCheckpointsTheEpochsItCompleted(@TempDir Path data) throws Exception {
        harness.run(SelfplayJob.class, Map.of("data_dir", data.toString(), "num_games", "30", "seed", "1",
                "config", "hex4")).resultOrFail();
        String result = harness.run(TrainingInterruptedAfterTwoEpochs.class, Map.of("data_dir", data.toString(),
                "config", "hex4", "epochs", "5")).resultOrFail();
        List<Path> checkpoints = Checkpoint.list(data.resolve("models/hex4"));
        assertThat(checkpoints).hasSize(1);
        Checkpoint cp = Checkpoint.read(checkpoints.get(0));
        assertThat(cp.epochLoss()).hasSize(2);
        assertThat(cp.epochs()).isEqualTo(2);
        assertThat(cp.weights()).isNotEqualTo(new double[17]);
        assertThat(result).startsWith("interrupted after 2 of 5 epochs; checkpointed: trained");
    }
}
