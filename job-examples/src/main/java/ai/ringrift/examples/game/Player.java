package ai.ringrift.examples.game;

import java.util.SplittableRandom;

/** Chooses a move for the side to move. Implementations are stateless and thread-safe. */
public interface Player {

    /** A short description recorded with every game, e.g. {@code greedy(0.25)}. */
    String name();

    /**
     * Chooses a legal move on a board whose game is not over. All randomness comes from {@code rng},
     * so a game is reproducible from its seed.
     */
    int chooseMove(HexBoard board, SplittableRandom rng);

    /** Uniformly random legal move. */
    static int randomMove(HexBoard board, SplittableRandom rng) {
        int[] moves = board.legalMoves();
        return moves[rng.nextInt(moves.length)];
    }
}
