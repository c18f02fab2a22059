package ai.ringrift.guard.jobrunr;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * The payload of a deferral: a JobRunr job that, when it runs, fires the deferred Quartz job again
 * with the data map it carried and the next attempt number, so the guard decides anew. Stored by
 * JobRunr as JSON, so it keeps to strings and numbers.
 */
public class DeferredFire implements JobRequest {

    private String jobGroup;
    private String jobName;
    private int attempt;
    private String priority;
    private long firstDeferredAtEpochMs;
    private Map<String, String> data = new LinkedHashMap<>();

    /** For JSON mapping. */
    public DeferredFire() {
    }

    public DeferredFire(String jobGroup, String jobName, int attempt, String priority, long firstDeferredAtEpochMs,
                        Map<String, String> data) {
        this.jobGroup = jobGroup;
        this.jobName = jobName;
        this.attempt = attempt;
        this.priority = priority;
        this.firstDeferredAtEpochMs = firstDeferredAtEpochMs;
        this.data = new LinkedHashMap<>(data);
    }

    @Override
    public Class<? extends JobRequestHandler> getJobRequestHandler() {
        return DeferredFireHandler.class;
    }

    public String getJobGroup() {
        return jobGroup;
    }

    public String getJobName() {
        return jobName;
    }

    /** How many times this fire has been deferred so far. */
    public int getAttempt() {
        return attempt;
    }

    public String getPriority() {
        return priority;
    }

    public long getFirstDeferredAtEpochMs() {
        return firstDeferredAtEpochMs;
    }

    public Map<String, String> getData() {
        return data;
    }

    @Override
    public String toString() {
        return "DeferredFire[" + jobGroup + "." + jobName + " attempt " + attempt + "]";
    }
}
