package ai.ringrift.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints invalid guard settings as Spring Boot prints its own configuration errors: what, where, what to do. */
public class GuardSettingsFailureAnalyzer extends AbstractFailureAnalyzer<GuardSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, GuardSettingsException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the keys listed above (every key, its default and its range: the ringrift manual's"
                        + " docs/configuration.md; `ringrift validate FILE` checks a guard.yaml), or set"
                        + " ringrift.boot.enabled=false to start without the guard.",
                cause);
    }
}
