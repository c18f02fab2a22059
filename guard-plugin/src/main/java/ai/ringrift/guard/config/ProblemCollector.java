package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Problems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gathers every problem of one load, with the source name and the lines of the paths: the
 * {@link Problems} the settings records report into when {@code guard.yaml} is checked.
 */
final class ProblemCollector implements Problems {

    private final String source;
    private final SourceLines lines;
    private final List<Problem> problems = new ArrayList<>();

    ProblemCollector(String source, SourceLines lines) {
        this.source = source;
        this.lines = lines;
    }

    SourceLines lines() {
        return lines;
    }

    void error(String path, int line, String message) {
        problems.add(new Problem(Severity.ERROR, path, line, message, source));
    }

    void warning(String path, int line, String message) {
        problems.add(new Problem(Severity.WARNING, path, line, message, source));
    }

    /** An error at the line of {@code path} (or its nearest ancestor in the file). */
    @Override
    public void error(String path, String message) {
        error(path, lines.lineOf(path), message);
    }

    @Override
    public void warning(String path, String message) {
        warning(path, lines.lineOf(path), message);
    }

    @Override
    public boolean written(String path) {
        return lines.contains(path);
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** The problems, sorted by line (stable: same-line problems keep their order). */
    List<Problem> sorted() {
        List<Problem> out = new ArrayList<>(problems);
        out.sort(Comparator.comparingInt(Problem::line));
        return out;
    }
}
