package ai.ringrift.guard.policy;

/** What the guard does with one fire of a job. */
public enum Action {
    /** Run as asked. */
    ALLOW,
    /** Run with a smaller resizable parameter ({@link Decision#grantedSize()}). */
    RESIZE,
    /** Do not run now; fire again later (durable deferral, around {@link Decision#deferUntil()}). */
    DEFER,
    /** Do not run this fire at all. */
    VETO;

    /** True for ALLOW and RESIZE: the job runs. */
    public boolean admits() {
        return this == ALLOW || this == RESIZE;
    }
}
