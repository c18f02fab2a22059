package ai.ringrift.cli.testjobs;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A CRITICAL job that does nothing but report that it ran: the CLI tests' health check. */
@DisallowConcurrentExecution
@Guarded(priority = Priority.CRITICAL)
public class ProbeJob implements Job {

    @Override
    public void execute(JobExecutionContext context) {
        context.setResult("probe ran");
    }
}
