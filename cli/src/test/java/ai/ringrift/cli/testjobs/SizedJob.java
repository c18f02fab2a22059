package ai.ringrift.cli.testjobs;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A NORMAL job with a resizable {@code num_games}, like self-play: reports the size it was granted. */
@DisallowConcurrentExecution
@Guarded(priority = Priority.NORMAL, memoryGb = 2, diskGb = 1, resizable = "num_games", resizableMin = 10)
public class SizedJob implements Job {

    @Override
    public void execute(JobExecutionContext context) {
        context.setResult("num_games=" + context.getMergedJobDataMap().getString("num_games"));
    }
}
