package ai.ringrift.spring.app;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** A NORMAL job that counts its runs. */
@Guarded(priority = Priority.NORMAL, diskGb = 0.1)
public class CountingJob implements Job {

    public static final String NAME = "selfplay-demo";
    public static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    public void execute(JobExecutionContext context) {
        RUNS.incrementAndGet();
    }
}
