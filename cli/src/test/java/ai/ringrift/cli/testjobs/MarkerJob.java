package ai.ringrift.cli.testjobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * A long job for crash tests: writes {@code started-*} into parameter {@code dir}, waits until the
 * file {@code release} appears there, then writes {@code finished-*}. Marker names carry the
 * process id of the node that ran it; the test counts them.
 */
public class MarkerJob implements Job {

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Path dir = Path.of(context.getMergedJobDataMap().getString("dir"));
        String run = (context.isRecovering() ? "recovery-" : "run-") + "pid" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("started-" + run), context.getFireInstanceId());
            while (!Files.exists(dir.resolve("release"))) {
                Thread.sleep(100);
            }
            Files.writeString(dir.resolve("finished-" + run), context.getFireInstanceId());
        } catch (IOException e) {
            throw new JobExecutionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobExecutionException("interrupted", e);
        }
        context.setResult("finished " + run);
    }
}
