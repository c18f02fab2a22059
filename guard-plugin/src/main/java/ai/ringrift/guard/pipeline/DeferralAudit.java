package ai.ringrift.guard.pipeline;

import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.SnapshotProvider;
import java.time.Clock;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle rows of a pending deferral, written by whoever learns what became of it:
 * {@code SUPERSEDED} (a newer fire of the job replaced it: the pipeline), {@code DROPPED} (removed
 * outside the guard, e.g. deleted in JobRunr's dashboard, or failed there: the deferral store's
 * reconciliation) and {@code REQUEUED} (run by hand before its time). None of them is a fire's
 * decision, so the count check (fires = ALLOW + RESIZE + DEFER + VETO) leaves them out. Never throws:
 * a row that cannot be written is logged.
 */
public final class DeferralAudit {

    private static final Logger LOG = LoggerFactory.getLogger(DeferralAudit.class);

    public static final String SUPERSEDED = "SUPERSEDED";
    public static final String DROPPED = "DROPPED";
    public static final String REQUEUED = "REQUEUED";

    private final AuditTrail audit;
    private final AuditRows rows;
    private final SnapshotProvider snapshots;
    private final IntSupplier level;
    private final Clock clock;

    public DeferralAudit(AuditTrail audit, AuditRows rows, SnapshotProvider snapshots, IntSupplier level, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.level = Objects.requireNonNull(level, "level");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code old} was replaced by a newer fire of its job (admitted, or deferred itself). */
    public void superseded(PendingDeferral old, String why, Snapshot snapshot) {
        write(old, SUPERSEDED, "LEVEL", why, snapshot);
    }

    /** {@code p} was removed outside the guard and will not re-fire. */
    public void dropped(PendingDeferral p, String why) {
        write(p, DROPPED, "OPERATOR", why, snapshots.latest());
    }

    /** {@code p} was run by hand before its time; its re-fire is decided as usual. */
    public void requeued(PendingDeferral p, String why) {
        write(p, REQUEUED, "OPERATOR", why, snapshots.latest());
    }

    private void write(PendingDeferral p, String decision, String reasonCode, String why, Snapshot snapshot) {
        try {
            audit.record(rows.lifecycle(p.jobGroup(), p.jobName(), p.attempt(), p.priority(), decision, reasonCode,
                    "deferral " + p.jobrunrId() + " (attempt " + p.attempt() + ") " + why, level.getAsInt(),
                    snapshot, clock.instant()).build());
        } catch (RuntimeException | Error e) {
            LOG.warn("guard: cannot audit the {} deferral of {}.{}: {}", decision, p.jobGroup(), p.jobName(),
                    e.toString());
        }
    }
}
