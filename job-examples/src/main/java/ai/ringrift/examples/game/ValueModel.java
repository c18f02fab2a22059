package ai.ringrift.examples.game;

import java.util.Arrays;

/**
 * A logistic-regression value model: the probability that player 1 wins from a position, from
 * {@link HexBoard#features()}.
 *
 * @param boardSize board side the model was trained for
 * @param weights   one weight per feature ({@link HexBoard#featureCount(int)})
 * @param bias      intercept
 */
public record ValueModel(int boardSize, double[] weights, double bias) {

    public ValueModel {
        if (weights == null || weights.length != HexBoard.featureCount(boardSize)) {
            throw new IllegalArgumentException("a value model for board " + boardSize + " needs "
                    + HexBoard.featureCount(boardSize) + " weights, got "
                    + (weights == null ? "none" : weights.length));
        }
        weights = weights.clone();
    }

    /** All weights zero: predicts 0.5 everywhere. */
    public static ValueModel zero(int boardSize) {
        return new ValueModel(boardSize, new double[HexBoard.featureCount(boardSize)], 0);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** P(player 1 wins) for a feature vector. */
    public double predict(double[] features) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * features[i];
        }
        return sigmoid(z);
    }

    public double predict(HexBoard board) {
        if (board.size() != boardSize) {
            throw new IllegalArgumentException("model is for board " + boardSize + ", position is " + board.size());
        }
        return predict(board.features());
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueModel v && v.boardSize == boardSize && v.bias == bias
                && Arrays.equals(v.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * boardSize + Double.hashCode(bias)) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "ValueModel[board=" + boardSize + ", bias=" + bias + "]";
    }
}
