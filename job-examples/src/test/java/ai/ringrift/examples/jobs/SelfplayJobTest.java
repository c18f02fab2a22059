package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.examples.game.GameFiles;
import ai.ringrift.examples.game.GameRecord;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfplayJobTest {

    private static JobHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new JobHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    static List<Path> gameFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void writesExactlyTheGrantedNumberOfGames(@TempDir Path data) throws Exception {
        String result = harness.run(SelfplayJob.class, Map.of("data_dir", data.toString(), "num_games", "37",
                "seed", "7")).resultOrFail();

        List<Path> files = gameFiles(data.resolve("games"));
        assertThat(files).hasSize(1);
        Path file = files.get(0);
        assertThat(file.getParent()).isEqualTo(data.resolve("games/hex5"));
        assertThat(file.getFileName().toString()).startsWith("selfplay-").endsWith("-s7.jsonl");
        List<GameRecord> games = GameFiles.read(file);
        assertThat(games).hasSize(37);
        assertThat(games).allSatisfy(g -> {
            assertThat(g.replay().winner()).isEqualTo(g.winner());
            assertThat(g.source()).isEqualTo("selfplay");
            assertThat(g.config()).isEqualTo("hex5");
        });
        assertThat(games.stream().map(GameRecord::id).distinct()).hasSize(37);
        assertThat(result).startsWith("wrote 37 games").contains(file.toString()).contains("seed 7");
    }

    @Test
    void sameSeedGivesTheSameGamesOnAnyNumberOfThreads(@TempDir Path a, @TempDir Path b) throws Exception {
        harness.run(SelfplayJob.class, Map.of("data_dir", a.toString(), "num_games", "12", "seed", "42"))
                .resultOrFail();
        harness.run(SelfplayJob.class, Map.of("data_dir", b.toString(), "num_games", "12", "seed", "42",
                "threads", "3")).resultOrFail();
        String first = Files.readString(gameFiles(a).get(0));
        String second = Files.readString(gameFiles(b).get(0));
        assertThat(second).isEqualTo(first);

        harness.run(SelfplayJob.class, Map.of("data_dir", a.toString(), "num_games", "12", "seed", "43"))
                .resultOrFail();
        List<Path> files = gameFiles(a);
        assertThat(files).hasSize(2);
        assertThat(Files.readString(files.get(0))).isNotEqualTo(Files.readString(files.get(1)));
    }

    @Test
    void backfillTagsItsGamesAndFiles(@TempDir Path data) throws Exception {
        harness.run(BackfillSelfplayJob.class, Map.of("data_dir", data.toString(), "num_games", "10",
                "config", "hex4", "seed", "1")).resultOrFail();
        Path file = gameFiles(data).get(0);
        assertThat(file.getParent()).isEqualTo(data.resolve("games/hex4"));
        assertThat(file.getFileName().toString()).startsWith("backfill-");
        assertThat(GameFiles.read(file)).hasSize(10)
                .allSatisfy(g -> assertThat(g.source()).isEqualTo("backfill"))
                .allSatisfy(g -> assertThat(g.boardSize()).isEqualTo(4));
    }

    @Test
    void badParametersFailNamingTheParameter(@TempDir Path data) throws Exception {
        JobHarness.Outcome o = harness.run(SelfplayJob.class, Map.of("data_dir", data.toString(), "num_games", "abc"));
        assertThat(o.error()).isNotNull();
        assertThat(o.error().getMessage()).contains("num_games").contains("abc");

        o = harness.run(SelfplayJob.class, Map.of("data_dir", data.toString(), "config", "square8"));
        assertThat(o.error().getMessage()).contains("config").contains("hexN");

        o = harness.run(SelfplayJob.class, Map.of("data_dir", data.toString(), "num_games", "10", "player", "model"));
        assertThat(o.error().getMessage()).contains("promoted.json");
        assertThat(gameFiles(data.resolve("games"))).isEmpty();
    }

    @Test
    void declarations() {
        JobDeclaration cpu = SelfplayJob.declarationFor(false);
        assertThat(cpu.priority()).isEqualTo(Priority.NORMAL);
        assertThat(cpu.resizableParam()).isEqualTo("num_games");
        assertThat(cpu.resizableMin()).isEqualTo(10);
        assertThat(cpu.needs().memoryGb()).isEqualTo(2);
        assertThat(cpu.needs().diskGb()).isEqualTo(1);
        assertThat(cpu.needs().gpuMemoryGb()).isZero();
        assertThat(SelfplayJob.declarationFor(true).needs().gpuMemoryGb()).isEqualTo(4);
        assertThat(JobDeclaration.forClass(BackfillSelfplayJob.class).priority()).isEqualTo(Priority.LOW);
        assertThat(JobDeclaration.forClass(TrainingJob.class).needs().gpuMemoryGb()).isEqualTo(16);
        assertThat(JobDeclaration.forClass(CleanupJob.class).relieves())
                .containsExactly(ai.ringrift.scheduler.model.Resource.DISK);
    }
}
