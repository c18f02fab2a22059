package ai.ringrift.guard.pipeline;

/** The framework a fire comes from. */
public enum FireSource { QUARTZ, JOBRUNR }
