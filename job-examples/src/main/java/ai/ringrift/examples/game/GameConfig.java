package ai.ringrift.examples.game;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A game configuration: its name (the tag under which games, checkpoints and ratings are filed)
 * and the board it is played on. Names have the form {@code hexN}, N the board side (3 to 11).
 *
 * @param name      e.g. {@code hex5}
 * @param boardSize side length of the rhombus-shaped Hex board
 */
public record GameConfig(String name, int boardSize) {

    public static final int MIN_SIZE = 3;
    public static final int MAX_SIZE = 11;
    private static final Pattern NAME = Pattern.compile("hex(\\d{1,2})");

    public GameConfig {
        if (boardSize < MIN_SIZE || boardSize > MAX_SIZE) {
            throw new IllegalArgumentException("board size must be " + MIN_SIZE + ".." + MAX_SIZE + ", was " + boardSize);
        }
    }

    /**
     * Parses {@code hexN}.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    public static GameConfig parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = NAME.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("config '" + text + "' is not a game configuration: use hexN with N "
                    + MIN_SIZE + ".." + MAX_SIZE + " (e.g. hex5)");
        }
        int size = Integer.parseInt(m.group(1));
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("config '" + text + "': board size must be " + MIN_SIZE + ".."
                    + MAX_SIZE);
        }
        return new GameConfig(t, size);
    }

    /** Number of cells on the board. */
    public int cells() {
        return boardSize * boardSize;
    }

    @Override
    public String toString() {
        return name;
    }
}
