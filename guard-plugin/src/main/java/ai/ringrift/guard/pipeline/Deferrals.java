package ai.ringrift.guard.pipeline;

import ai.ringrift.db.deferral.PendingDeferral;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the pipeline keeps deferred fires until they are due (DESIGN.md section 5). The default
 * store is JobRunr ({@code jobrunr.JobRunrDeferrals}: scheduled jobs visible in the dashboard,
 * one pending deferral per job); {@link TriggerDeferrals} (a one-shot Quartz trigger through
 * {@link Refire}) is the fallback; {@link FallbackDeferrals} joins the two.
 *
 * <p>Implementations may throw; the pipeline treats a throw like a {@link DeferralOutcome.Kind#FAILED}
 * outcome.
 */
public interface Deferrals {

    /** Stores the deferral to re-fire at {@code runAt}; the outcome says where it went. */
    DeferralOutcome defer(DeferralRequest request, Instant runAt);

    /**
     * Removes the job's pending deferral, if any, because a newer fire replaces it; returns what
     * was removed (the pipeline writes its SUPERSEDED row). Decided by the store shared by all
     * nodes, never by a node-local hint; throws when the store cannot tell (the pipeline reports
     * it: an older deferral may then still run).
     */
    Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why);

    /**
     * The decision on the in-flight re-fire {@code refireId} of the job is durable and did not
     * defer it (a deferral settles it in {@link #defer}, {@link DeferralRequest#refireId}): it is
     * no longer in flight. Returns true when this decision settled it, false when another fire of
     * the same re-fire was decided first (this one is a duplicate and must not run). Throws when
     * the store cannot tell. Stores that do not track re-fires say true.
     */
    default boolean refireDecided(String jobGroup, String jobName, String refireId) {
        return true;
    }

    /**
     * Whether the re-fire {@code refireId} of the job is still in flight (no decision settled it):
     * false means a fire carrying it is a duplicate, asked before deciding so that a duplicate is
     * never admitted. Throws when the store cannot tell. Stores that do not track re-fires say true.
     */
    default boolean refireInFlight(String jobGroup, String jobName, String refireId) {
        return true;
    }

    /** Pending deferrals, soonest first; empty when unknown. */
    List<PendingDeferral> pending();

    /** Number of pending deferrals, -1 when unknown. */
    default int pendingCount() {
        return pending().size();
    }

    /** No store at all: every deferral fails (read-only views). */
    Deferrals NONE = new Deferrals() {
        @Override
        public DeferralOutcome defer(DeferralRequest request, Instant runAt) {
            return DeferralOutcome.failed(runAt, "no deferral store in this guard");
        }

        @Override
        public Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why) {
            return Optional.empty();
        }

        @Override
        public List<PendingDeferral> pending() {
            return List.of();
        }
    };
}
