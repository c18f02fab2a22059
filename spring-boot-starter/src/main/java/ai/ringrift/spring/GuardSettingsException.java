package ai.ringrift.spring;

import java.util.List;

/**
 * The guard's settings are invalid: every problem, each naming its key ({@code ringrift.PATH}) and
 * where it was written (file and line where Spring knows it). Start-up fails with it;
 * {@link GuardSettingsFailureAnalyzer} prints it as Spring Boot prints its own configuration errors.
 */
public class GuardSettingsException extends RuntimeException {

    private final transient List<String> problems;

    public GuardSettingsException(List<String> problems) {
        super("the ringrift guard's settings have " + problems.size() + " error(s):\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem: {@code WHERE: ringrift.PATH: MESSAGE}. */
    public List<String> problems() {
        return problems;
    }
}
