package ai.ringrift.guard.config;

/** What happens to a fire when the guard itself fails ({@code GUARD_ERROR}). */
public enum FailAction {
    ALLOW, DEFER
}
