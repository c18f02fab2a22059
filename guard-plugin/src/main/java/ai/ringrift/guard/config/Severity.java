package ai.ringrift.guard.config;

/** How serious a {@link Problem} found in {@code guard.yaml} is. */
public enum Severity {
    /** The configuration cannot be used; nothing starts. */
    ERROR,
    /** The configuration works but is probably not what was meant. */
    WARNING
}
