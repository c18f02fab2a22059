package ai.ringrift.guard.config;

import java.util.function.Function;

/**
 * Replaces {@code ${NAME}} by the environment variable {@code NAME} and {@code ${NAME:-fallback}}
 * by the variable or, when it is unset or empty, the fallback. {@code $${} writes a literal
 * {@code ${}. A variable that is unset and has no fallback is an error naming it.
 */
public final class EnvSubstitution {

    private final Function<String, String> env;

    /** @param env looks up a variable, {@code null} when unset ({@code System::getenv} in production) */
    public EnvSubstitution(Function<String, String> env) {
        this.env = env;
    }

    public static EnvSubstitution system() {
        return new EnvSubstitution(System::getenv);
    }

    /**
     * Substitutes every reference in {@code text}.
     *
     * @throws IllegalArgumentException naming the variable that is not set, or an unclosed reference
     */
    public String apply(String text) {
        if (text == null || !text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '${' in '" + ConfigLimits.quote(text) + "': write ${NAME} or ${NAME:-default}");
                }
                String ref = text.substring(i + 2, end);
                String name = ref;
                String fallback = null;
                int sep = ref.indexOf(":-");
                if (sep >= 0) {
                    name = ref.substring(0, sep);
                    fallback = ref.substring(sep + 2);
                }
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("'${" + ref + "}' is not a valid environment variable reference: write ${NAME} or ${NAME:-default}");
                }
                String value = env.apply(name);
                if (value == null || (value.isEmpty() && fallback != null)) {
                    if (fallback == null) {
                        throw new IllegalArgumentException("environment variable " + name
                                + " is not set: set it, or write ${" + name + ":-default}");
                    }
                    value = fallback;
                }
                out.append(value);
                i = end + 1;
                continue;
            }
            out.append(text.charAt(i++));
        }
        return out.toString();
    }
}
