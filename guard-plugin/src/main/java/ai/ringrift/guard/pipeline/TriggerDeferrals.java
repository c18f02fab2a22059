package ai.ringrift.guard.pipeline;

import ai.ringrift.db.deferral.PendingDeferral;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fallback deferral store: a one-shot Quartz trigger at the re-fire time, through
 * {@link Refire}, carrying the fire's data, attempt and first-deferral time. It keeps no pending
 * list of its own (the trigger is in Quartz's job store).
 */
public final class TriggerDeferrals implements Deferrals {

    private final Refire refire;

    public TriggerDeferrals(Refire refire) {
        this.refire = Objects.requireNonNull(refire, "refire");
    }

    @Override
    public DeferralOutcome defer(DeferralRequest r, Instant runAt) {
        try {
            refire.schedule(r.refire(), runAt, null);
            return new DeferralOutcome(DeferralOutcome.Kind.STORED, runAt, null, null, null);
        } catch (Exception e) {
            return DeferralOutcome.failed(runAt, "one-shot Quartz trigger: " + e);
        }
    }

    @Override
    public Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why) {
        return Optional.empty();
    }

    @Override
    public List<PendingDeferral> pending() {
        return List.of();
    }
}
