package ai.ringrift.guard.config;

import ai.ringrift.scheduler.model.JobDeclaration;

/**
 * {@code jobs[].resizable}: the integer parameter the guard may shrink under pressure.
 *
 * @param param name of a key in the job's {@code parameters} whose value is an integer
 * @param min   the smallest value it may be shrunk to (default {@value JobDeclaration#DEFAULT_RESIZABLE_MIN})
 */
public record ResizableConfig(String param, int min) {
}
