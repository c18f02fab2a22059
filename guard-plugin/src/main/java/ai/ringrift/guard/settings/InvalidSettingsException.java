package ai.ringrift.guard.settings;

import java.util.List;

/**
 * Settings that break their rules, each error as {@code path: message}
 * ({@code breaker.window: must be between 1 and 1000 (was 5000)}). A configuration error, not a
 * failure: the CLI exits 2 with it.
 */
public class InvalidSettingsException extends IllegalArgumentException {

    private final List<String> errors;

    public InvalidSettingsException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error, {@code path: message}. */
    public List<String> errors() {
        return errors;
    }
}
