package ai.ringrift.guard.jobrunr;

import java.util.Objects;
import java.util.UUID;

/**
 * Runs a {@link DeferredFire} inside JobRunr by handing it to the guard's {@link Due} action, together
 * with the id of the JobRunr job (so the guard can tell whether it is still the pending deferral).
 * Instances come from the guard's {@code JobActivator}, not from reflection.
 */
public class DeferredFireHandler implements org.jobrunr.jobs.lambdas.JobRequestHandler<DeferredFire> {

    /** What a due deferral does: fire the Quartz job again. */
    @FunctionalInterface
    public interface Due {
        void refire(DeferredFire fire, UUID deferralJobId) throws Exception;
    }

    private final Due refire;

    public DeferredFireHandler(Due refire) {
        this.refire = Objects.requireNonNull(refire, "refire");
    }

    @Override
    public void run(DeferredFire fire) throws Exception {
        refire.refire(fire, jobContext().getJobId());
    }
}
