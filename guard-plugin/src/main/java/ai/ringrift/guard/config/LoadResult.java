package ai.ringrift.guard.config;

import java.util.List;

/**
 * What {@link ConfigLoader} found: the configuration ({@code null} when there is at least one
 * {@link Severity#ERROR}) and every problem, errors and warnings, in the order of their lines.
 */
public record LoadResult(GuardConfig config, List<Problem> problems) {

    public LoadResult {
        problems = List.copyOf(problems);
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
            throw new IllegalStateException(b.toString());
        }
        return config;
    }
}
