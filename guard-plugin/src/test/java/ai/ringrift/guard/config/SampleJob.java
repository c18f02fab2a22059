package ai.ringrift.guard.config;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A Quartz job for configs under test (does nothing). */
public class SampleJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
        // nothing: only its type matters to the validator
    }
}
