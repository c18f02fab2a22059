package ai.ringrift.guard.config;

import java.util.List;

/**
 * What {@link ConfigLoader} found: the configuration ({@code null} when there is at least one
 * {@link Severity#ERROR}) and the problems, errors and warnings, in the order of their lines: the
 * first {@link ConfigLimits#MAX_PROBLEMS} found, with {@code moreErrors} and {@code moreWarnings}
 * counting those left out.
 */
public record LoadResult(GuardConfig config, List<Problem> problems, int moreErrors, int moreWarnings) {

    public LoadResult {
        problems = List.copyOf(problems);
    }

    /** Every problem kept, none left out. */
    public LoadResult(GuardConfig config, List<Problem> problems) {
        this(config, problems, 0, 0);
    }

    /** How many errors there are, those left out included. */
    public int errorCount() {
        return errors().size() + moreErrors;
    }

    /** How many warnings there are, those left out included. */
    public int warningCount() {
        return warnings().size() + moreWarnings;
    }

    /** {@code "... and 41 more problem(s) not shown"}, or empty when every problem is in {@link #problems()}. */
    public java.util.Optional<String> omitted() {
        int more = moreErrors + moreWarnings;
        return more == 0 ? java.util.Optional.empty()
                : java.util.Optional.of("... and " + more + " more problem(s) not shown (the first "
                        + problems.size() + " are listed)");
    }

    /** True when there is no error (warnings allowed) and so a configuration. */
    public boolean ok() {
        return config != null;
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /**
     * The configuration, or an {@link IllegalStateException} listing every error.
     */
    public GuardConfig orThrow() {
        if (config == null) {
            StringBuilder b = new StringBuilder("guard.yaml has errors:");
            for (Problem p : errors()) {
                b.append(System.lineSeparator()).append("  ").append(p);
            }
            if (moreErrors > 0) {
                b.append(System.lineSeparator()).append("  ... and ").append(moreErrors).append(" more error(s)");
            }
            throw new IllegalStateException(b.toString());
        }
        return config;
    }
}
