package ai.ringrift.guard.metrics;

import java.util.Locale;

/**
 * The number a circuit breaker state has in {@code ringrift_guard_breaker_state}: 0 closed,
 * 1 half-open, 2 open. The alert {@code BreakerOpen} fires on 2.
 */
public final class BreakerStateValue {

    public static final int CLOSED = 0;
    public static final int HALF_OPEN = 1;
    public static final int OPEN = 2;

    private BreakerStateValue() {
    }

    /**
     * Maps a state name ({@code CLOSED}, {@code HALF_OPEN} or {@code HALF-OPEN}, {@code OPEN}; any
     * case) to its value; {@code NaN} for {@code null} or an unknown name, so a wrong state shows
     * as a gap rather than as a healthy 0.
     */
    public static double of(String state) {
        if (state == null) {
            return Double.NaN;
        }
        return switch (state.trim().toUpperCase(Locale.ROOT).replace('-', '_')) {
            case "CLOSED" -> CLOSED;
            case "HALF_OPEN" -> HALF_OPEN;
            case "OPEN" -> OPEN;
            default -> Double.NaN;
        };
    }
}
