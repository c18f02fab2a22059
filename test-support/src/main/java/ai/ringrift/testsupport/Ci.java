package ai.ringrift.testsupport;

import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for "are we under CI": the environment variable {@code CI} set to any non-empty
 * value other than {@code false} or {@code 0} (case-insensitive, surrounding blanks ignored).
 * Under CI a test must not skip: a missing tool (PostgreSQL, promtool, gcc) fails it, and
 * {@link SkipUnderCiFails} turns any skip into a failure.
 *
 * <p>The JUnit configuration parameter {@value #PARAMETER} overrides the environment (the
 * launcher test sets it; a build never does).
 */
public final class Ci {

    /** Configuration parameter that, when present, replaces the {@code CI} environment variable. */
    public static final String PARAMETER = "ringrift.test.ci";

    private Ci() {
    }

    /** Whether this JVM runs under CI (environment variable {@code CI}). */
    public static boolean active() {
        return means(System.getenv("CI"));
    }

    /** The rule itself: {@code value} of {@code CI} means CI. */
    public static boolean means(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !v.isEmpty() && !v.equals("false") && !v.equals("0");
    }

    /** {@link #PARAMETER} when given, else the environment. */
    static boolean active(Optional<String> parameter) {
        return parameter.map(Ci::means).orElseGet(Ci::active);
    }
}
