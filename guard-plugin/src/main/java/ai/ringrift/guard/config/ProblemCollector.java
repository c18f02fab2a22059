package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Problems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Gathers every problem of one load, with the source name and the lines of the paths: the
 * {@link Problems} the settings records report into when {@code guard.yaml} is checked. It keeps
 * the first {@link ConfigLimits#MAX_PROBLEMS} and counts the rest, and cuts every path and
 * message to a bounded length, so that a file of thousands of broken values cannot fill memory
 * or the terminal.
 */
final class ProblemCollector implements Problems {

    private final String source;
    private final SourceLines lines;
    private final List<Problem> problems = new ArrayList<>();
    private boolean errors;
    private int moreErrors;
    private int moreWarnings;

    ProblemCollector(String source, SourceLines lines) {
        this.source = source;
        this.lines = lines;
    }

    SourceLines lines() {
        return lines;
    }

    void error(String path, int line, String message) {
        add(Severity.ERROR, path, line, message);
    }

    void warning(String path, int line, String message) {
        add(Severity.WARNING, path, line, message);
    }

    private void add(Severity severity, String path, int line, String message) {
        errors |= severity == Severity.ERROR;
        if (problems.size() >= ConfigLimits.MAX_PROBLEMS) {
            if (severity == Severity.ERROR) {
                moreErrors++;
            } else {
                moreWarnings++;
            }
            return;
        }
        problems.add(new Problem(severity, ConfigLimits.cut(path, ConfigLimits.MAX_QUOTED_CHARS), line,
                ConfigLimits.cut(message, ConfigLimits.MAX_MESSAGE_CHARS), source));
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
        return errors;
    }

    /** The result of this load: {@code config} (null when there is an error) and the problems kept and counted. */
    LoadResult result(GuardConfig config) {
        return new LoadResult(config, sorted(), moreErrors, moreWarnings);
    }

    /** The problems, sorted by line (stable: same-line problems keep their order). */
    List<Problem> sorted() {
        List<Problem> out = new ArrayList<>(problems);
        out.sort(Comparator.comparingInt(Problem::line));
        return out;
    }
}
