package ai.ringrift.scheduler;

/** Whether Quartz runs clustered (several nodes sharing one job store). */
public enum Clustering {
    /** Clustered on PostgreSQL (a fleet shares it), not on embedded H2. */
    AUTO,
    /** Always clustered ({@code isClustered=true}, instance id AUTO). */
    ON,
    /** Never clustered. */
    OFF
}
