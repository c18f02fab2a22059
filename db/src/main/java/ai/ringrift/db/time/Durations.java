package ai.ringrift.db.time;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of the product, for {@code guard.yaml} ({@code deferral.initialBackoff:
 * 30s}) and for the CLI and HTTP audit filters ({@code --since 7d}): {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}, {@code 2d}, {@code 1w}, combinations such as {@code 1h30m}, decimals such
 * as {@code 1.5h}, or ISO-8601 ({@code PT30S}, {@code P2D}). A bare number is rejected because its
 * unit would be a guess.
 */
public final class Durations {

    /** The accepted forms, for messages. */
    public static final String FORMS = "30s, 5m, 1h, 2d, 1w, 500ms or PT30S";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\s*\\d+(?:\\.\\d+)?\\s*(?:ms|s|m|h|d|w))+\\s*");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException {@code must be a duration such as ... (was 'x')}: callers prefix
     *                                  the field it came from ({@link #parse(String, String)})
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be a duration such as " + FORMS + " (was empty)");
        }
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(lower).matches()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(lower);
        while (m.find()) {
            BigDecimal value = new BigDecimal(m.group(1));
            long unitNanos = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "d" -> 86_400_000_000_000L;
                default -> 7 * 86_400_000_000_000L;
            };
            nanos = nanos.add(value.multiply(BigDecimal.valueOf(unitNanos)));
        }
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration is too long (was '" + text + "')", e);
        }
    }

    /**
     * Parses a duration given for {@code field}: the message names it, e.g.
     * {@code --since: must be a duration such as 30s, ... (was 'soon')}.
     */
    public static Duration parse(String field, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("must be a duration such as " + FORMS + " (was '" + text + "')");
    }

    /** The shortest form of {@link #parse} that gives the same duration: {@code 90s}, {@code 15m}, {@code 500ms}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (Duration.ofMillis(ms).equals(d)) {
            if (ms == 0) {
                return "0s";
            }
            if (ms % 86_400_000L == 0) {
                return ms / 86_400_000L + "d";
            }
            if (ms % 3_600_000L == 0) {
                return ms / 3_600_000L + "h";
            }
            if (ms % 60_000L == 0) {
                return ms / 60_000L + "m";
            }
            if (ms % 1000L == 0) {
                return ms / 1000L + "s";
            }
            return ms + "ms";
        }
        return d.toString();
    }
}
