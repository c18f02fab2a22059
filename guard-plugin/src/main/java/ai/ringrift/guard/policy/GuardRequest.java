package ai.ringrift.guard.policy;

import ai.ringrift.scheduler.model.JobDeclaration;
import java.util.Objects;

/**
 * One question to the guard: may this fire of this job run now?
 *
 * @param jobName       the job's name (Quartz job key as text); breakers are kept per name
 * @param declaration   the job's priority, needs, resizable parameter and relieved resources
 * @param requestedSize the current value of the resizable parameter, or {@code null} (not
 *                      resizable, or no value set)
 * @param attempt       1 for a fresh fire, n for the n-th try after deferrals
 */
public record GuardRequest(String jobName, JobDeclaration declaration, Integer requestedSize, int attempt) {

    public GuardRequest {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(declaration, "declaration");
        if (requestedSize != null && requestedSize < 0) {
            throw new IllegalArgumentException("requestedSize of " + jobName + " must be >= 0, was " + requestedSize);
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt of " + jobName + " must be >= 1, was " + attempt);
        }
    }

    public static GuardRequest of(String jobName, JobDeclaration declaration) {
        return new GuardRequest(jobName, declaration, null, 1);
    }

    public static GuardRequest of(String jobName, JobDeclaration declaration, int requestedSize) {
        return new GuardRequest(jobName, declaration, requestedSize, 1);
    }
}
