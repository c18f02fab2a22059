package ai.ringrift.guard.config;

/**
 * The limits {@link ConfigLoader} holds every {@code guard.yaml} to before and while it parses it,
 * so that a hostile or mistaken input (an alias bomb, a binary file, {@code /dev/zero}, a file of
 * megabytes of one value) is refused quickly with one line naming the limit, instead of exhausting
 * memory. A real configuration never comes near them: a file of 5,000 jobs is about 1.2 MB and
 * 135,000 values. They are described in {@code docs/configuration.md} ("Limits").
 */
public final class ConfigLimits {

    /** The most bytes read from a file (4 MiB); a longer input, even an endless one, is refused unread. */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    /** The longest line, in characters. */
    public static final int MAX_LINE_CHARS = 64 * 1024;
    /** The longest value (scalar), in characters. */
    public static final int MAX_VALUE_CHARS = 64 * 1024;
    /** The deepest nesting of lists and mappings. */
    public static final int MAX_DEPTH = 50;
    /** The most aliases ({@code *name}) that repeat a list or a mapping. */
    public static final int MAX_COLLECTION_ALIASES = 50;
    /** The most values (scalars, lists and mappings), each alias counted as everything it repeats. */
    public static final int MAX_NODES = 200_000;
    /** The most problems one load keeps (and a command prints); the rest are counted. */
    public static final int MAX_PROBLEMS = 100;
    /** The most characters of a value quoted in a problem message. */
    public static final int MAX_QUOTED_CHARS = 80;
    /** The longest problem message (a backstop for messages that quote several values). */
    public static final int MAX_MESSAGE_CHARS = 1_000;

    private ConfigLimits() {
    }

    /**
     * {@code text} cut to {@link #MAX_QUOTED_CHARS} characters for quoting in a message, with how
     * many characters were left out ({@code xxxx... (1048576 characters)}).
     */
    public static String quote(String text) {
        return cut(text, MAX_QUOTED_CHARS);
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "... (" + text.length() + " characters)";
    }

    /** {@code n} bytes in words: {@code 4 MiB}. */
    static String bytes(long n) {
        return n % (1024 * 1024) == 0 ? n / (1024 * 1024) + " MiB" : n + " bytes";
    }
}
