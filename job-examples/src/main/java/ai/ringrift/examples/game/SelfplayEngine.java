package ai.ringrift.examples.game;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Plays complete games between two players. Game {@code i} of a batch with seed {@code s} uses its
 * own generator seeded from (s, i), so a batch is reproducible and its games can be played on any
 * number of threads with the same result.
 */
public final class SelfplayEngine {

    private final GameConfig config;
    private final String source;
    private final Player first;
    private final Player second;

    public SelfplayEngine(GameConfig config, String source, Player first, Player second) {
        this.config = config;
        this.source = source;
        this.first = first;
        this.second = second;
    }

    /** The seed of game {@code index} in a batch seeded with {@code batchSeed}. */
    public static long gameSeed(long batchSeed, int index) {
        return new SplittableRandom(batchSeed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (index + 1L));
    }

    /** Plays game {@code index} of the batch seeded with {@code batchSeed}. */
    public GameRecord play(long batchSeed, int index) {
        long seed = gameSeed(batchSeed, index);
        SplittableRandom rng = new SplittableRandom(seed);
        HexBoard board = new HexBoard(config.boardSize());
        List<Integer> moves = new ArrayList<>();
        while (!board.isOver()) {
            Player p = board.toMove() == 1 ? first : second;
            int move = p.chooseMove(board, rng);
            board.play(move);
            moves.add(move);
        }
        String id = String.format(Locale.ROOT, "%s-s%d-%04d", config.name(), batchSeed, index);
        return new GameRecord(id, config.name(), source, config.boardSize(), seed,
                List.of(first.name(), second.name()), moves, board.winner());
    }

    /** Plays one game between two players (no record kept). Returns the winner, 1 or 2. */
    public static int playOut(int boardSize, Player first, Player second, SplittableRandom rng) {
        HexBoard board = new HexBoard(boardSize);
        while (!board.isOver()) {
            board.play((board.toMove() == 1 ? first : second).chooseMove(board, rng));
        }
        return board.winner();
    }
}
