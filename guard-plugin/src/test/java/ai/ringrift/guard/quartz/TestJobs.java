package ai.ringrift.guard.quartz;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** Jobs the plugin tests run. Each records what it saw, per job name. */
public final class TestJobs {

    static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

    private TestJobs() {
    }

    static List<String> seen(String job) {
        return SEEN.computeIfAbsent(job, k -> new CopyOnWriteArrayList<>());
    }

    /** Records num_games as granted by the guard. */
    public static class Probe implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            String job = context.getJobDetail().getKey().getName();
            String n = context.getMergedJobDataMap().getString("num_games");
            seen(job).add(n == null ? "ran" : n);
            context.setResult("saw num_games=" + n);
        }
    }

    /** Records the fire time Quartz scheduled (ISO-8601), in order of running. */
    public static class ScheduledAt implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            seen(context.getJobDetail().getKey().getName()).add(context.getScheduledFireTime().toInstant().toString());
        }
    }

    /** Fails every time (feeds the breaker), or succeeds while {@code FAIL} is false. */
    public static class Flaky implements Job {
        static volatile boolean fail = true;

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            String job = context.getJobDetail().getKey().getName();
            seen(job).add(fail ? "failed" : "ok");
            if (fail) {
                throw new JobExecutionException("injected failure of " + job);
            }
        }
    }

    /** A plain JobRunr job request, priority from its label. */
    public static class Work implements JobRequest {
        public String tag = "";

        public Work() {
        }

        public Work(String tag) {
            this.tag = tag;
        }

        @Override
        public Class<WorkHandler> getJobRequestHandler() {
            return WorkHandler.class;
        }
    }

    /** Runs {@link Work}: records the tag; tags starting with "fail" throw. */
    public static class WorkHandler implements JobRequestHandler<Work> {
        @Override
        public void run(Work work) {
            seen("jobrunr:" + work.tag).add("ran");
            if (work.tag.startsWith("fail")) {
                throw new IllegalStateException("injected JobRunr failure");
            }
        }
    }

    /** A JobRunr job declared LOW through the annotation on its handler method. */
    @Guarded(priority = Priority.LOW)
    public static class LowWorkHandler implements JobRequestHandler<LowWork> {
        @Override
        public void run(LowWork work) {
            seen("jobrunr:low").add("ran");
        }
    }

    /** Request for {@link LowWorkHandler}. */
    public static class LowWork implements JobRequest {
        @Override
        public Class<LowWorkHandler> getJobRequestHandler() {
            return LowWorkHandler.class;
        }
    }
}
