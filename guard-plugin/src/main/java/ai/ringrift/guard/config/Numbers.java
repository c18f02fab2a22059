package ai.ringrift.guard.config;

import java.math.BigDecimal;

/** Formats numbers in messages as written: {@code 170}, {@code 0.85}, not {@code 170.0}. */
final class Numbers {

    private Numbers() {
    }

    static String format(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
