package ai.ringrift.guard.quartz;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.quartz.InterruptableJob;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Long-running jobs for the eviction tests. Each records its runs per job name ("first" or
 * "attempt N" for a deferred re-run) and blocks on its first run until interrupted (or released
 * by the test); a re-run returns at once.
 */
public final class EvictionJobs {

    static final Map<String, List<String>> RUNS = new ConcurrentHashMap<>();
    static final Map<String, Boolean> RUNNING = new ConcurrentHashMap<>();
    static volatile CountDownLatch release = new CountDownLatch(1);

    private EvictionJobs() {
    }

    static List<String> runs(String job) {
        return RUNS.computeIfAbsent(job, k -> new CopyOnWriteArrayList<>());
    }

    static boolean running(String job) {
        return RUNNING.getOrDefault(job, false);
    }

    static void reset() {
        RUNS.clear();
        RUNNING.clear();
        release = new CountDownLatch(1);
    }

    /** Blocks the first run until {@code stop} is counted down or the test releases it; returns whether it was stopped. */
    static boolean block(JobExecutionContext ctx, CountDownLatch stop) {
        String job = ctx.getJobDetail().getKey().getName();
        Object attempt = ctx.getMergedJobDataMap().get("ringrift.attempt");
        runs(job).add(attempt == null ? "first" : "attempt " + attempt);
        if (attempt != null) {
            ctx.setResult("re-run done");
            return false;
        }
        RUNNING.put(job, true);
        try {
            CountDownLatch released = release;
            while (stop.getCount() > 0 && released.getCount() > 0) {
                stop.await(50, TimeUnit.MILLISECONDS);
            }
            boolean stopped = stop.getCount() == 0 && released.getCount() > 0;
            ctx.setResult(stopped ? "stopped on interrupt, kept partial work" : "finished");
            return stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            RUNNING.put(job, false);
        }
    }

    /** Stops when interrupted. */
    public static class Interruptible implements InterruptableJob {
        private final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public void execute(JobExecutionContext ctx) {
            block(ctx, stop);
        }

        @Override
        public void interrupt() {
            stop.countDown();
        }
    }

    /** Implements InterruptableJob but ignores the interrupt (runs until released). */
    public static class Deaf implements InterruptableJob {
        @Override
        public void execute(JobExecutionContext ctx) {
            block(ctx, new CountDownLatch(1));
        }

        @Override
        public void interrupt() {
            // ignores it
        }
    }

    /** A JobRunr job request for {@link SleepyHandler}. */
    public static class Sleepy implements org.jobrunr.jobs.lambdas.JobRequest {
        public String tag = "";

        public Sleepy() {
        }

        public Sleepy(String tag) {
            this.tag = tag;
        }

        @Override
        public Class<SleepyHandler> getJobRequestHandler() {
            return SleepyHandler.class;
        }
    }

    /** Sleeps on its first run until its thread is interrupted (or the test releases it); later runs return. */
    public static class SleepyHandler implements org.jobrunr.jobs.lambdas.JobRequestHandler<Sleepy> {
        @Override
        public void run(Sleepy s) throws InterruptedException {
            String job = "jobrunr:" + s.tag;
            List<String> runs = runs(job);
            runs.add(runs.isEmpty() ? "first" : "again");
            if (runs.size() > 1) {
                return;
            }
            RUNNING.put(job, true);
            try {
                while (release.getCount() > 0) {
                    release.await(50, TimeUnit.MILLISECONDS);
                }
            } finally {
                RUNNING.put(job, false);
            }
        }
    }

    /** A plain Job: cannot be interrupted. */
    public static class Plain implements Job {
        @Override
        public void execute(JobExecutionContext ctx) {
            block(ctx, new CountDownLatch(1));
        }
    }
}
