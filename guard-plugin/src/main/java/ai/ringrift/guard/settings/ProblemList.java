package ai.ringrift.guard.settings;

import java.util.ArrayList;
import java.util.List;

/** {@link Problems} without a file: collects {@code path: message} lines. */
public final class ProblemList implements Problems {

    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    @Override
    public void error(String path, String message) {
        errors.add(line(path, message));
    }

    @Override
    public void warning(String path, String message) {
        warnings.add(line(path, message));
    }

    private static String line(String path, String message) {
        return path == null || path.isEmpty() ? message : path + ": " + message;
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public void throwIfErrors() {
        if (!errors.isEmpty()) {
            throw new InvalidSettingsException(errors);
        }
    }
}
