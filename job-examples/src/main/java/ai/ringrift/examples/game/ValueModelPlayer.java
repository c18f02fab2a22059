package ai.ringrift.examples.game;

import java.util.SplittableRandom;

/**
 * Plays the move after which the value model gives the side to move the best winning chance (an
 * immediate win always), with probability {@code noise} a random move instead.
 */
public final class ValueModelPlayer implements Player {

    private final String label;
    private final ValueModel model;
    private final double noise;

    public ValueModelPlayer(String label, ValueModel model, double noise) {
        if (!(noise >= 0 && noise <= 1)) {
            throw new IllegalArgumentException("noise must be between 0 and 1, was " + noise);
        }
        this.label = label;
        this.model = model;
        this.noise = noise;
    }

    @Override
    public String name() {
        return "model(" + label + "," + noise + ")";
    }

    @Override
    public int chooseMove(HexBoard board, SplittableRandom rng) {
        if (noise > 0 && rng.nextDouble() < noise) {
            return Player.randomMove(board, rng);
        }
        int me = board.toMove();
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int move : board.legalMoves()) {
            HexBoard next = board.copy();
            next.play(move);
            if (next.winner() == me) {
                return move;
            }
            double p1 = model.predict(next);
            double value = me == 1 ? p1 : 1 - p1;
            if (value > bestValue) {
                bestValue = value;
                best = move;
            }
        }
        return best;
    }
}
