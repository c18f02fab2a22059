package ai.ringrift.examples.jobs;

import ai.ringrift.examples.game.GameConfig;
import ai.ringrift.examples.game.GameFiles;
import ai.ringrift.examples.game.GameRecord;
import ai.ringrift.examples.game.GreedyPlayer;
import ai.ringrift.examples.game.Player;
import ai.ringrift.examples.game.RandomPlayer;
import ai.ringrift.examples.game.SelfplayEngine;
import ai.ringrift.examples.game.ValueModelPlayer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of self-play's fork path ({@link SelfplayFork}): waits for {@code go} on stdin
 * (sent once its {@code oom_score_adj} is set), prints {@code oom_score_adj=<its own value>}, plays
 * the games and writes them to the output file. The same seed gives the same games as in-process
 * self-play.
 *
 * <p>Arguments: {@code config source seed numGames player noise output}, where player is
 * {@code greedy}, {@code random} or {@code model=<promoted.json>}.
 */
public final class SelfplayWorker {

    private SelfplayWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: SelfplayWorker config source seed numGames player noise output");
            System.exit(2);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"go".equals(in.readLine())) {
            System.exit(3); // the parent went away before it could set the OOM score
        }
        System.out.println("oom_score_adj=" + Files.readString(Path.of("/proc/self/oom_score_adj")).trim());
        System.out.flush();
        GameConfig config = GameConfig.parse(args[0]);
        long seed = Long.parseLong(args[2]);
        int numGames = Integer.parseInt(args[3]);
        double noise = Double.parseDouble(args[5]);
        Player player = player(args[4], noise);
        SelfplayEngine engine = new SelfplayEngine(config, args[1], player, player);
        List<GameRecord> games = new ArrayList<>(numGames);
        for (int i = 0; i < numGames; i++) {
            games.add(engine.play(seed, i));
        }
        GameFiles.write(Path.of(args[6]), games);
        System.out.println("games=" + games.size());
    }

    private static Player player(String spec, double noise) throws Exception {
        if (spec.startsWith("model=")) {
            Promotion p = Promotion.read(Path.of(spec.substring("model=".length())));
            return new ValueModelPlayer(p.modelId(), p.checkpoint().model(), noise);
        }
        return spec.equals("random") ? new RandomPlayer() : new GreedyPlayer(noise);
    }
}
