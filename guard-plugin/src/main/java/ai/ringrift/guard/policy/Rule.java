package ai.ringrift.guard.policy;

import java.util.Locale;

/**
 * One cell of the level x priority table. Ordered from the least to the most permissive
 * ({@link #permissiveness()}).
 */
public enum Rule {
    /** Do not run this fire. */
    VETO("veto"),
    /** Fire again later. */
    DEFER("defer"),
    /** Shrink the resizable parameter; defer when the job has none. */
    RESIZE_OR_DEFER("resize-or-defer"),
    /** Shrink the resizable parameter; allow when the job has none. */
    RESIZE("resize"),
    /** Run. */
    ALLOW("allow");

    private final String key;

    Rule(String key) {
        this.key = key;
    }

    /** The config spelling: {@code allow}, {@code resize}, {@code resize-or-defer}, {@code defer}, {@code veto}. */
    public String key() {
        return key;
    }

    /** 0 (veto) ... 4 (allow). */
    public int permissiveness() {
        return ordinal();
    }

    public static Rule parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Rule r : values()) {
                if (r.key.equals(t)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("unknown rule '" + text
                + "': use one of allow, resize, resize-or-defer, defer, veto");
    }
}
