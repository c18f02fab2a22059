package ai.ringrift.examples.game;

import java.util.List;
import java.util.Objects;

/**
 * One finished game as stored in a games file (one JSON object per line).
 *
 * @param id        stable id derived from config, seed and index ({@code hex5-s42-0007})
 * @param config    configuration name
 * @param source    what produced it ({@code selfplay}, {@code backfill})
 * @param boardSize board side
 * @param seed      the seed of this game's random generator
 * @param players   names of player 1 and player 2
 * @param moves     cells played, in order (player 1 first)
 * @param winner    1 or 2
 */
public record GameRecord(String id, String config, String source, int boardSize, long seed, List<String> players,
                         List<Integer> moves, int winner) {

    public GameRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        players = List.copyOf(players);
        moves = List.copyOf(moves);
        if (winner != 1 && winner != 2) {
            throw new IllegalArgumentException("game " + id + ": winner must be 1 or 2, was " + winner);
        }
    }

    /**
     * Replays the moves, checking each is legal and that the recorded winner is the real one.
     *
     * @throws IllegalArgumentException naming the game when the record is inconsistent
     */
    public HexBoard replay() {
        HexBoard board = new HexBoard(boardSize);
        for (int i = 0; i < moves.size(); i++) {
            int move = moves.get(i);
            if (!board.isLegal(move)) {
                throw new IllegalArgumentException("game " + id + ": move " + (i + 1) + " (" + move + ") is illegal");
            }
            board.play(move);
        }
        if (board.winner() != winner) {
            throw new IllegalArgumentException("game " + id + ": recorded winner " + winner + " but the moves give "
                    + board.winner());
        }
        return board;
    }
}
