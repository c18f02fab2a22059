package ai.ringrift.examples.game;

import java.util.SplittableRandom;

/** Plays a uniformly random legal move. */
public final class RandomPlayer implements Player {

    @Override
    public String name() {
        return "random";
    }

    @Override
    public int chooseMove(HexBoard board, SplittableRandom rng) {
        return Player.randomMove(board, rng);
    }
}
