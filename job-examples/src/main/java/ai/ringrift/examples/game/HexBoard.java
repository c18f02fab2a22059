package ai.ringrift.examples.game;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A Hex position on an n x n rhombus. Player 1 connects the top row to the bottom row, player 2
 * the left column to the right column. A game of Hex always ends with exactly one winner.
 *
 * <p>Cells are numbered {@code row * n + column}. Mutable; {@link #copy()} for look-ahead.
 */
public final class HexBoard {

    /** Empty cell. */
    public static final byte EMPTY = 0;

    private static final int[] DR = {-1, -1, 0, 0, 1, 1};
    private static final int[] DC = {0, 1, -1, 1, -1, 0};
    private static final int BLOCKED = Integer.MAX_VALUE;

    private final int n;
    private final byte[] cells;
    private int toMove = 1;
    private int moveCount;
    private int winner;

    public HexBoard(int size) {
        if (size < GameConfig.MIN_SIZE || size > GameConfig.MAX_SIZE) {
            throw new IllegalArgumentException("board size must be " + GameConfig.MIN_SIZE + ".."
                    + GameConfig.MAX_SIZE + ", was " + size);
        }
        this.n = size;
        this.cells = new byte[size * size];
    }

    private HexBoard(HexBoard other) {
        this.n = other.n;
        this.cells = other.cells.clone();
        this.toMove = other.toMove;
        this.moveCount = other.moveCount;
        this.winner = other.winner;
    }

    public HexBoard copy() {
        return new HexBoard(this);
    }

    public int size() {
        return n;
    }

    /** 1 or 2. */
    public int toMove() {
        return toMove;
    }

    public int moveCount() {
        return moveCount;
    }

    /** 0 while the game runs, else the winning player (1 or 2). */
    public int winner() {
        return winner;
    }

    public boolean isOver() {
        return winner != 0;
    }

    /** The stone on a cell: 0 empty, 1 or 2. */
    public int at(int cell) {
        return cells[cell];
    }

    public boolean isLegal(int cell) {
        return winner == 0 && cell >= 0 && cell < cells.length && cells[cell] == EMPTY;
    }

    /** The empty cells, ascending. Empty array once the game is over. */
    public int[] legalMoves() {
        if (winner != 0) {
            return new int[0];
        }
        int[] out = new int[cells.length - moveCount];
        int k = 0;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == EMPTY) {
                out[k++] = i;
            }
        }
        return k == out.length ? out : Arrays.copyOf(out, k);
    }

    /**
     * Places the side to move's stone on {@code cell}.
     *
     * @throws IllegalArgumentException when the move is not legal
     */
    public void play(int cell) {
        if (!isLegal(cell)) {
            throw new IllegalArgumentException("illegal move " + cell + " (board " + n + "x" + n + ", move "
                    + (moveCount + 1) + (winner != 0 ? ", game over" : "") + ")");
        }
        cells[cell] = (byte) toMove;
        moveCount++;
        if (connects(toMove)) {
            winner = toMove;
        }
        toMove = 3 - toMove;
    }

    /**
     * The fewest empty cells {@code player} still has to fill to connect its two edges, or
     * {@link Integer#MAX_VALUE} when the opponent has cut every path (0-1 breadth-first search).
     */
    public int distanceToConnect(int player) {
        int[] dist = new int[cells.length];
        Arrays.fill(dist, BLOCKED);
        ArrayDeque<Integer> deque = new ArrayDeque<>();
        int opponent = 3 - player;
        for (int i = 0; i < n; i++) {
            int cell = player == 1 ? i : i * n;
            if (cells[cell] == opponent) {
                continue;
            }
            int d = cells[cell] == player ? 0 : 1;
            if (d < dist[cell]) {
                dist[cell] = d;
                if (d == 0) {
                    deque.addFirst(cell);
                } else {
                    deque.addLast(cell);
                }
            }
        }
        int best = BLOCKED;
        while (!deque.isEmpty()) {
            int cell = deque.pollFirst();
            int r = cell / n;
            int c = cell % n;
            if ((player == 1 && r == n - 1) || (player == 2 && c == n - 1)) {
                best = Math.min(best, dist[cell]);
            }
            for (int k = 0; k < 6; k++) {
                int rr = r + DR[k];
                int cc = c + DC[k];
                if (rr < 0 || rr >= n || cc < 0 || cc >= n) {
                    continue;
                }
                int next = rr * n + cc;
                if (cells[next] == opponent) {
                    continue;
                }
                int d = dist[cell] + (cells[next] == player ? 0 : 1);
                if (d < dist[next]) {
                    dist[next] = d;
                    if (cells[next] == player) {
                        deque.addFirst(next);
                    } else {
                        deque.addLast(next);
                    }
                }
            }
        }
        return best;
    }

    /**
     * Features for a value model: one per cell (+1 player 1's stone, -1 player 2's, 0 empty), then
     * the side to move (+1 player 1, -1 player 2).
     */
    public double[] features() {
        double[] f = new double[cells.length + 1];
        for (int i = 0; i < cells.length; i++) {
            f[i] = cells[i] == 1 ? 1.0 : cells[i] == 2 ? -1.0 : 0.0;
        }
        f[cells.length] = toMove == 1 ? 1.0 : -1.0;
        return f;
    }

    /** Number of features {@link #features()} returns for a board of this side. */
    public static int featureCount(int size) {
        return size * size + 1;
    }

    private boolean connects(int player) {
        boolean[] seen = new boolean[cells.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            int cell = player == 1 ? i : i * n;
            if (cells[cell] == player) {
                seen[cell] = true;
                queue.add(cell);
            }
        }
        while (!queue.isEmpty()) {
            int cell = queue.poll();
            int r = cell / n;
            int c = cell % n;
            if ((player == 1 && r == n - 1) || (player == 2 && c == n - 1)) {
                return true;
            }
            for (int k = 0; k < 6; k++) {
                int rr = r + DR[k];
                int cc = c + DC[k];
                if (rr < 0 || rr >= n || cc < 0 || cc >= n) {
                    continue;
                }
                int next = rr * n + cc;
                if (!seen[next] && cells[next] == player) {
                    seen[next] = true;
                    queue.add(next);
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < n; r++) {
            sb.append(" ".repeat(r));
            for (int c = 0; c < n; c++) {
                int v = cells[r * n + c];
                sb.append(v == 0 ? '.' : v == 1 ? 'X' : 'O').append(' ');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
