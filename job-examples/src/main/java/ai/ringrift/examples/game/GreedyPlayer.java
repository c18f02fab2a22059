package ai.ringrift.examples.game;

import java.util.SplittableRandom;

/**
 * Greedy with noise: with probability {@code noise} a random move, otherwise the move that most
 * improves (opponent's distance to connect - own distance to connect), ties broken at random.
 * The distance is a shortest-path search per candidate move, which makes self-play CPU-bound.
 */
public final class GreedyPlayer implements Player {

    private static final int LOST = 1_000;
    private final double noise;

    public GreedyPlayer(double noise) {
        if (!(noise >= 0 && noise <= 1)) {
            throw new IllegalArgumentException("noise must be between 0 and 1, was " + noise);
        }
        this.noise = noise;
    }

    @Override
    public String name() {
        return "greedy(" + noise + ")";
    }

    @Override
    public int chooseMove(HexBoard board, SplittableRandom rng) {
        if (noise > 0 && rng.nextDouble() < noise) {
            return Player.randomMove(board, rng);
        }
        int me = board.toMove();
        int best = -1;
        int bestScore = Integer.MIN_VALUE;
        int ties = 0;
        for (int move : board.legalMoves()) {
            HexBoard next = board.copy();
            next.play(move);
            int score;
            if (next.winner() == me) {
                score = Integer.MAX_VALUE;
            } else {
                int mine = Math.min(LOST, next.distanceToConnect(me));
                int theirs = Math.min(LOST, next.distanceToConnect(3 - me));
                score = theirs - mine;
            }
            if (score > bestScore) {
                bestScore = score;
                best = move;
                ties = 1;
            } else if (score == bestScore && rng.nextInt(++ties) == 0) {
                best = move; // reservoir sampling: each tied move equally likely
            }
        }
        return best;
    }
}
