package ai.ringrift.scheduler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;

/** Test listener configured only through {@code org.quartz.jobListener.*} properties. */
public class CountingJobListener extends JobListenerSupport {

    static final List<String> EXECUTED = new CopyOnWriteArrayList<>();

    private String name = "counting";

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException jobException) {
        EXECUTED.add(context.getJobDetail().getKey().getName());
    }
}
