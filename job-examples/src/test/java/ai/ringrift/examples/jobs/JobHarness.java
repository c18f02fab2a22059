package ai.ringrift.examples.jobs;

import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.KeyMatcher;

/** Runs a job once on a real Quartz scheduler (RAMJobStore) and returns what it reported. */
final class JobHarness implements AutoCloseable {

    /** What one run produced: the result summary or the failure. */
    record Outcome(String result, JobExecutionException error) {
        String resultOrFail() {
            if (error != null) {
                throw new AssertionError("job failed: " + error.getMessage(), error);
            }
            return result;
        }
    }

    private final Scheduler scheduler;

    JobHarness() throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "examples-test-" + UUID.randomUUID());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        scheduler = new StdSchedulerFactory(p).getScheduler();
        scheduler.start();
    }

    void putContext(String key, Object value) throws SchedulerException {
        scheduler.getContext().put(key, value);
    }

    void removeContext(String key) throws SchedulerException {
        scheduler.getContext().remove(key);
    }

    Outcome run(Class<? extends Job> type, Map<String, String> params) throws Exception {
        JobKey key = JobKey.jobKey(type.getSimpleName() + "-" + UUID.randomUUID(), "test");
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        scheduler.getListenerManager().addJobListener(new JobListener() {
            @Override
            public String getName() {
                return "outcome-" + key;
            }

            @Override
            public void jobToBeExecuted(JobExecutionContext context) {
            }

            @Override
            public void jobExecutionVetoed(JobExecutionContext context) {
            }

            @Override
            public void jobWasExecuted(JobExecutionContext context, JobExecutionException error) {
                outcome.set(new Outcome((String) context.getResult(), error));
                done.countDown();
            }
        }, KeyMatcher.keyEquals(key));
        JobDetail detail = JobBuilder.newJob(type).withIdentity(key).usingJobData(new JobDataMap(params)).build();
        scheduler.scheduleJob(detail, TriggerBuilder.newTrigger().startNow().build());
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new AssertionError(type.getSimpleName() + " did not finish");
        }
        scheduler.getListenerManager().removeJobListener("outcome-" + key);
        return outcome.get();
    }

    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
    }
}
