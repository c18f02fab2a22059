package ai.ringrift.guard.pipeline;

import ai.ringrift.db.deferral.PendingDeferral;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store first, else the fallback: a deferral the primary store cannot keep (it throws or says
 * FAILED) goes to the fallback; when both fail the outcome is FAILED with both causes, and the
 * pipeline applies the fail policy. Superseding and the pending list belong to the primary.
 */
public final class FallbackDeferrals implements Deferrals {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackDeferrals.class);

    private final Deferrals primary;
    private final Deferrals fallback;

    public FallbackDeferrals(Deferrals primary, Deferrals fallback) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public DeferralOutcome defer(DeferralRequest request, Instant runAt) {
        String firstError;
        try {
            DeferralOutcome o = primary.defer(request, runAt);
            if (o.held()) {
                return o;
            }
            firstError = o.error();
        } catch (RuntimeException | Error e) {
            firstError = e.toString();
        }
        LOG.warn("guard: cannot store the deferral of {}.{} ({}); trying the fallback", request.jobGroup(),
                request.jobName(), firstError);
        try {
            DeferralOutcome o = fallback.defer(request, runAt);
            if (o.held()) {
                return new DeferralOutcome(DeferralOutcome.Kind.FALLBACK, o.runAt(), o.id(), firstError, o.replaced());
            }
            return DeferralOutcome.failed(runAt, firstError + "; fallback: " + o.error());
        } catch (RuntimeException | Error e) {
            return DeferralOutcome.failed(runAt, firstError + "; fallback: " + e);
        }
    }

    @Override
    public Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why) {
        return primary.supersede(jobGroup, jobName, why);
    }

    @Override
    public boolean mayHavePending(String jobGroup, String jobName) {
        return primary.mayHavePending(jobGroup, jobName);
    }

    @Override
    public List<PendingDeferral> pending() {
        return primary.pending();
    }

    @Override
    public int pendingCount() {
        return primary.pendingCount();
    }
}
