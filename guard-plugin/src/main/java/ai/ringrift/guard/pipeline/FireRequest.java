package ai.ringrift.guard.pipeline;

import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One fire as the pipeline sees it, whatever framework it comes from.
 *
 * @param jobGroup        the job's group (Quartz), {@code jobrunr} for JobRunr jobs
 * @param jobName         the job's name; breakers are kept per name
 * @param declaration     priority, needs, resizable parameter, relieved resources
 * @param requestedSize   the resizable parameter's value, or null
 * @param attempt         how many times this fire was deferred before (0 for a fresh fire)
 * @param source          the framework
 * @param fireId          the framework's id of this fire (Quartz fire instance id, JobRunr job id)
 * @param firstDeferredAt when this fire was first deferred, or null
 * @param quartzPriority  trigger priority carried to a re-fire
 * @param carried         the fire's data to carry to a re-fire (strings, without the guard's keys)
 * @param problem         why the adapter could not read the fire (bad declaration, bad priority
 *                        label), or null: a problem is decided as GUARD_ERROR under the fail policy
 * @param evictedBy       the EVICT row ({@code node/seq}) when this fire is the re-run of a fire the
 *                        guard interrupted ({@link RefireKeys#EVICTED}), else null
 * @param refireId        the in-flight re-fire this fire is ({@link RefireKeys#REFIRE}: a due deferral
 *                        claimed for it), which its decision settles ({@link Deferrals#refireDecided}),
 *                        else null
 */
public record FireRequest(String jobGroup, String jobName, JobDeclaration declaration, Integer requestedSize,
                          int attempt, FireSource source, String fireId, Instant firstDeferredAt,
                          int quartzPriority, Map<String, String> carried, String problem, String evictedBy,
                          String refireId) {

    /** A fire that is not an in-flight re-fire. */
    public FireRequest(String jobGroup, String jobName, JobDeclaration declaration, Integer requestedSize,
                       int attempt, FireSource source, String fireId, Instant firstDeferredAt, int quartzPriority,
                       Map<String, String> carried, String problem, String evictedBy) {
        this(jobGroup, jobName, declaration, requestedSize, attempt, source, fireId, firstDeferredAt, quartzPriority,
                carried, problem, evictedBy, null);
    }

    /** A fire that is not the re-run of an evicted one. */
    public FireRequest(String jobGroup, String jobName, JobDeclaration declaration, Integer requestedSize,
                       int attempt, FireSource source, String fireId, Instant firstDeferredAt, int quartzPriority,
                       Map<String, String> carried, String problem) {
        this(jobGroup, jobName, declaration, requestedSize, attempt, source, fireId, firstDeferredAt, quartzPriority,
                carried, problem, null);
    }

    public FireRequest {
        Objects.requireNonNull(jobGroup, "jobGroup");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(source, "source");
        declaration = declaration == null ? JobDeclaration.DEFAULT : declaration;
        carried = carried == null ? Map.of() : Map.copyOf(carried);
        if (attempt < 0) {
            attempt = 0;
        }
    }

    /** A fire the adapter could not read: decided as GUARD_ERROR (the fail policy for {@code priority}). */
    public static FireRequest unreadable(String jobGroup, String jobName, FireSource source, String fireId,
                                         int attempt, Instant firstDeferredAt, int quartzPriority,
                                         Map<String, String> carried, Throwable why) {
        String problem = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
        return new FireRequest(jobGroup, jobName, JobDeclaration.DEFAULT, null, attempt, source, fireId,
                firstDeferredAt, quartzPriority, carried, "the job's declaration cannot be read: " + problem);
    }

    /** This fire as the in-flight re-fire {@code id} (null: none). */
    public FireRequest withRefireId(String id) {
        return new FireRequest(jobGroup, jobName, declaration, requestedSize, attempt, source, fireId, firstDeferredAt,
                quartzPriority, carried, problem, evictedBy, id);
    }

    /** True for the re-run of a fire the guard interrupted. */
    public boolean evicted() {
        return evictedBy != null;
    }

    public Priority priority() {
        return declaration.priority();
    }
}
