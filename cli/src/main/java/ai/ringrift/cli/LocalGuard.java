package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.db.deferral.DeferralStore;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.runtime.Guard;
import ai.ringrift.guard.runtime.StatusReport;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only guard view for the CLI when no daemon answers: the sampler (first sample taken), the
 * decision engine and the audit query on the database, without JobRunr or HTTP.
 */
final class LocalGuard implements AutoCloseable {

    private final Database db;
    private final Guard guard;

    private LocalGuard(Database db, Guard guard) {
        this.db = db;
        this.guard = guard;
    }

    static LocalGuard start(GuardConfig config) {
        Database db = BaseCommand.openDatabase(config);
        try {
            return new LocalGuard(db, Guard.start(config, db, LocalReadings.guardOptions()));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    Guard guard() {
        return guard;
    }

    Database database() {
        return db;
    }

    /** The guard's status with the pending deferrals read from the database. */
    StatusReport status() {
        StatusReport r = guard.status();
        List<StatusReport.Deferral> pending = new ArrayList<>();
        try {
            for (PendingDeferral d : new DeferralStore(db.dataSource()).all()) {
                pending.add(StatusReport.Deferral.of(d));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pending deferrals: " + e.getMessage(), e);
        }
        return new StatusReport(r.node(), r.takenAt(), r.stale(), r.level(), r.worstResource(), r.tier(),
                r.tierTargetPercent(), r.resources(), r.missing(), r.signals(), r.breakers(), pending,
                r.recommendations(), r.auditSpoolRows(), r.dashboardUrl(), r.metricsUrl());
    }

    @Override
    public void close() {
        try {
            guard.close();
        } finally {
            db.close();
        }
    }
}
