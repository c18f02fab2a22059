package ai.ringrift.guard.settings;

/**
 * Where the rules of the settings records report what is wrong: the dotted YAML path of the field
 * ({@code breaker.window}) and a message saying what is accepted. Loading {@code guard.yaml} reports
 * into a collector that adds the file and line; code that builds settings itself uses
 * {@link #requireValid}, which throws {@link InvalidSettingsException} listing every error.
 */
public interface Problems {

    void error(String path, String message);

    void warning(String path, String message);

    /**
     * Whether {@code path} was written in the file (a rule between two fields reports at the one
     * the user wrote); true when there is no file.
     */
    default boolean written(String path) {
        return true;
    }

    /**
     * Runs the rules of {@code settings} under {@code path} and returns it when they find no error.
     *
     * @throws InvalidSettingsException listing every error, each with its path
     */
    static <T extends Checked> T requireValid(T settings, String path) {
        ProblemList problems = new ProblemList();
        settings.check(problems, path);
        problems.throwIfErrors();
        return settings;
    }

    /** {@code base.key}, or {@code key} at the root. */
    static String path(String base, String key) {
        return base == null || base.isEmpty() ? key : base + "." + key;
    }
}
