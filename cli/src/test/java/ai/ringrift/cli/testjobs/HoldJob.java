package ai.ringrift.cli.testjobs;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A NORMAL job that works for {@code hold_ms} milliseconds (default 1000): a stand-in for a self-play run. */
@Guarded(priority = Priority.NORMAL)
public class HoldJob implements Job {

    @Override
    public void execute(JobExecutionContext context) throws org.quartz.JobExecutionException {
        String v = context.getMergedJobDataMap().getString("hold_ms");
        try {
            Thread.sleep(v == null ? 1000 : Long.parseLong(v)); // the job's "work"
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.quartz.JobExecutionException(e);
        }
        context.setResult("held " + (v == null ? "1000" : v) + " ms");
    }
}
