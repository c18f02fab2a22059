package ai.ringrift.guard.config;

/**
 * A cell of the policy table. {@code RESIZE} shrinks the job's resizable parameter by the
 * level's fraction (levels 2 and 3 only) and defers a job that has no resizable parameter.
 */
public enum PolicyAction {
    ALLOW, DEFER, RESIZE, VETO
}
