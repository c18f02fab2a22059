package ai.ringrift.examples.game;

/** Elo rating arithmetic. */
public final class Elo {

    /** Rating of a model never rated before. */
    public static final double INITIAL = 1500.0;

    private Elo() {
    }

    /** Expected score of a player rated {@code a} against one rated {@code b}. */
    public static double expected(double a, double b) {
        return 1.0 / (1.0 + Math.pow(10.0, (b - a) / 400.0));
    }

    /**
     * The new rating of a player rated {@code a} who scored {@code score} (1 win, 0 loss, 0.5 draw)
     * against one rated {@code b}, with update factor {@code k}.
     */
    public static double update(double a, double b, double score, double k) {
        return a + k * (score - expected(a, b));
    }
}
