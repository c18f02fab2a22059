package ai.ringrift.guard.config;

import java.util.Objects;

/**
 * One problem found while loading {@code guard.yaml}: its severity, the dotted path of the key
 * ({@code limits.disk.max}, {@code jobs[2].cron}), the 1-based line (0 when unknown), the message
 * and the name of the source it came from.
 *
 * <p>{@link #toString()} gives the form printed to users:
 * {@code guard.yaml:12: limits.disk.max: must be between 0 and 100 (was 170)}; warnings read
 * {@code guard.yaml:40: warning: limits.disk.max: ...}.
 */
public record Problem(Severity severity, String path, int line, String message, String source) {

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        path = path == null ? "" : path;
        source = source == null || source.isBlank() ? "guard.yaml" : source;
        line = Math.max(0, line);
    }

    /** A problem in a source named {@code guard.yaml}. */
    public Problem(Severity severity, String path, int line, String message) {
        this(severity, path, line, message, "guard.yaml");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (severity == Severity.WARNING) {
            b.append("warning: ");
        }
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }
}
