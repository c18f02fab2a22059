package ai.ringrift.cli.testjobs;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Does nothing but report the fire time Quartz scheduled it for ({@code scheduled=EPOCH_MILLIS}, the
 * outcome row's {@code detail}): the audit has no column of its own for the scheduled fire time, so
 * restart tests read it here to tell "decided twice" and "lost" fires apart.
 */
public class TickJob implements Job {

    @Override
    public void execute(JobExecutionContext context) {
        context.setResult("scheduled=" + context.getScheduledFireTime().getTime());
    }
}
