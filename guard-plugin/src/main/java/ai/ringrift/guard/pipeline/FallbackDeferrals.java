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
 * pipeline applies the fail policy. Superseding and the pending list belong to the primary; a
 * deferral the fallback holds supersedes the primary's older one of the job.
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
            if (o.held() || o.kind() == DeferralOutcome.Kind.DUPLICATE) {
                return o; // a duplicate re-fire must not be stored anywhere
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
                settleRefire(request);
                return new DeferralOutcome(DeferralOutcome.Kind.FALLBACK, o.runAt(), o.id(), firstError,
                        replacedByFallback(request));
            }
            return DeferralOutcome.failed(runAt, firstError + "; fallback: " + o.error());
        } catch (RuntimeException | Error e) {
            return DeferralOutcome.failed(runAt, firstError + "; fallback: " + e);
        }
    }

    /**
     * The fallback now holds the job's newest deferral: the primary's older one is superseded
     * (only now, once the replacement is stored). When the primary cannot tell, the older one may
     * still re-fire: logged.
     */
    private PendingDeferral replacedByFallback(DeferralRequest r) {
        try {
            return primary.supersede(r.jobGroup(), r.jobName(), "superseded by a newer fire deferred (attempt "
                    + r.attempt() + ") to a one-shot Quartz trigger").orElse(null);
        } catch (RuntimeException | Error e) {
            LOG.error("guard: the deferral of {}.{} went to the fallback, but its older deferral could not be "
                    + "superseded ({}): it may still re-fire", r.jobGroup(), r.jobName(), e.toString());
            return null;
        }
    }

    /**
     * The fallback holds the deferral of an in-flight re-fire: the primary's in-flight row is
     * settled now (not with the deferral, which the primary could not store). When it cannot be,
     * the re-fire may be fired again besides the fallback's trigger: logged.
     */
    private void settleRefire(DeferralRequest r) {
        if (r.refireId() == null) {
            return;
        }
        try {
            if (!primary.refireDecided(r.jobGroup(), r.jobName(), r.refireId())) {
                LOG.warn("guard: re-fire {} of {}.{} deferred to the fallback was settled already by another fire",
                        r.refireId(), r.jobGroup(), r.jobName());
            }
        } catch (RuntimeException | Error e) {
            LOG.error("guard: the re-fire {} of {}.{} went to the fallback, but cannot be settled ({}): it may be "
                    + "fired again", r.refireId(), r.jobGroup(), r.jobName(), e.toString());
        }
    }

    @Override
    public boolean refireDecided(String jobGroup, String jobName, String refireId) {
        return primary.refireDecided(jobGroup, jobName, refireId);
    }

    @Override
    public boolean refireInFlight(String jobGroup, String jobName, String refireId) {
        return primary.refireInFlight(jobGroup, jobName, refireId);
    }

    @Override
    public Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why) {
        return primary.supersede(jobGroup, jobName, why);
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
