package ai.ringrift.examples.game;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Trains a {@link ValueModel} by stochastic gradient descent on the log loss over every position
 * of the given games (label: did player 1 win). Every tenth position (by a seeded draw) is held
 * out to measure accuracy.
 */
public final class ValueModelTrainer {

    /**
     * Training settings.
     *
     * @param epochs       passes over the training positions (>= 1)
     * @param learningRate SGD step (> 0)
     * @param l2           weight decay (>= 0)
     * @param seed         shuffling and hold-out seed
     */
    public record Settings(int epochs, double learningRate, double l2, long seed) {
        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning_rate must be > 0, was " + learningRate);
            }
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("l2 must be >= 0, was " + l2);
            }
        }
    }

    /**
     * What training produced.
     *
     * @param model              the trained model
     * @param trainPositions     positions trained on
     * @param heldOutPositions   positions held out
     * @param epochLoss          mean log loss of each epoch over the training positions
     * @param trainAccuracy      accuracy on the training positions after the last epoch
     * @param heldOutAccuracy    accuracy on the held-out positions (NaN when none)
     */
    public record Result(ValueModel model, int trainPositions, int heldOutPositions, List<Double> epochLoss,
                         double trainAccuracy, double heldOutAccuracy) {
    }

    private record Example(double[] x, double y) {
    }

    /**
     * Thrown when training stops because {@code cancelled} turned true, between epochs; carries the
     * model of the epochs completed so far (null when none was), so a caller can checkpoint it.
     */
    public static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Result partial;

        CancelledException(int epoch, Result partial) {
            super("training cancelled before epoch " + epoch);
            this.partial = partial;
        }

        /** The model after the completed epochs ({@link Result#epochLoss()} has one entry each), or null. */
        public Result partial() {
            return partial;
        }
    }

    private ValueModelTrainer() {
    }

    /**
     * Trains on all positions of {@code games} (all of board {@code boardSize}).
     *
     * @throws IllegalArgumentException when there are no games or a game is for another board
     */
    public static Result train(int boardSize, List<GameRecord> games, Settings settings, BooleanSupplier cancelled) {
        if (games.isEmpty()) {
            throw new IllegalArgumentException("no games to train on");
        }
        SplittableRandom rng = new SplittableRandom(settings.seed());
        List<Example> train = new ArrayList<>();
        List<Example> heldOut = new ArrayList<>();
        for (GameRecord g : games) {
            if (g.boardSize() != boardSize) {
                throw new IllegalArgumentException("game " + g.id() + " is for board " + g.boardSize()
                        + ", training board " + boardSize);
            }
            double y = g.winner() == 1 ? 1.0 : 0.0;
            HexBoard board = new HexBoard(boardSize);
            for (int move : g.moves()) {
                board.play(move);
                Example e = new Example(board.features(), y);
                (rng.nextInt(10) == 0 ? heldOut : train).add(e);
            }
        }
        if (train.isEmpty()) {
            train.addAll(heldOut);
            heldOut.clear();
        }
        double[] w = new double[HexBoard.featureCount(boardSize)];
        double b = 0;
        List<Double> losses = new ArrayList<>();
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            if (cancelled.getAsBoolean()) {
                throw new CancelledException(epoch, losses.isEmpty() ? null : result(boardSize, w, b, train, heldOut,
                        losses));
            }
            shuffle(order, rng);
            double loss = 0;
            for (int idx : order) {
                Example e = train.get(idx);
                double p = ValueModel.sigmoid(dot(w, e.x()) + b);
                loss += logLoss(p, e.y());
                double g = p - e.y();
                for (int j = 0; j < w.length; j++) {
                    w[j] -= settings.learningRate() * (g * e.x()[j] + settings.l2() * w[j]);
                }
                b -= settings.learningRate() * g;
            }
            losses.add(loss / train.size());
        }
        return result(boardSize, w, b, train, heldOut, losses);
    }

    private static Result result(int boardSize, double[] w, double b, List<Example> train, List<Example> heldOut,
                                 List<Double> losses) {
        ValueModel model = new ValueModel(boardSize, w.clone(), b);
        return new Result(model, train.size(), heldOut.size(), List.copyOf(losses), accuracy(model, train),
                heldOut.isEmpty() ? Double.NaN : accuracy(model, heldOut));
    }

    private static double accuracy(ValueModel model, List<Example> examples) {
        int right = 0;
        for (Example e : examples) {
            if ((model.predict(e.x()) >= 0.5) == (e.y() >= 0.5)) {
                right++;
            }
        }
        return (double) right / examples.size();
    }

    private static double dot(double[] w, double[] x) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
        }
        return s;
    }

    private static double logLoss(double p, double y) {
        double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
        return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
