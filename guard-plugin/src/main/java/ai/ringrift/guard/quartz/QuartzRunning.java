package ai.ringrift.guard.quartz;

import ai.ringrift.guard.pipeline.DecisionKey;
import ai.ringrift.guard.pipeline.RunningPort;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;

/**
 * A running Quartz fire as the evictor sees it: interruptible when the job instance implements
 * {@link InterruptableJob}; interrupted through {@code Scheduler.interrupt(fireInstanceId)}, which
 * calls the job's {@code interrupt()} (Quartz's own way; the job decides how to stop). Its re-run
 * goes to the pipeline's deferral store.
 */
final class QuartzRunning implements RunningPort {

    private final JobExecutionContext ctx;

    QuartzRunning(JobExecutionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean interruptible() {
        return ctx.getJobInstance() instanceof InterruptableJob;
    }

    @Override
    public void interrupt(DecisionKey evictKey) throws Exception {
        if (!ctx.getScheduler().interrupt(ctx.getFireInstanceId())) {
            throw new IllegalStateException("Quartz no longer runs fire " + ctx.getFireInstanceId());
        }
    }
}
