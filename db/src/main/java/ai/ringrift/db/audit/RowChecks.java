package ai.ringrift.db.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;

/** Argument checks shared by the audit row records; messages name the field and the fix. */
final class RowChecks {

    private RowChecks() {
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    static String maxLength(String field, String value, int max) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters, the column holds "
                    + max + ": shorten it");
        }
        return value;
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static String oneOf(String field, String value, Set<String> allowed) {
        required(field, value);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(field + " '" + value + "' is not one of " + new TreeSet<>(allowed));
        }
        return value;
    }

    static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
