package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.scheduler.GuardedScheduler;
import ai.ringrift.scheduler.JobInfo;
import java.util.stream.Collectors;

/**
 * The CLI's view of the job store: a {@link GuardedScheduler} with the daemon's instance name that
 * is never started (Quartz's JDBC store works without it), so listing, triggering, pausing and
 * resuming act on the tables the daemon (or a fleet) reads.
 */
final class CliScheduler implements AutoCloseable {

    private final Database db;
    private final GuardedScheduler scheduler;

    private CliScheduler(Database db, GuardedScheduler scheduler) {
        this.db = db;
        this.scheduler = scheduler;
    }

    static CliScheduler open(GuardConfig config) {
        Database db = BaseCommand.openDatabase(config);
        try {
            return new CliScheduler(db, GuardedScheduler.create(db, SchedulerSetup.settings(config)));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    GuardedScheduler scheduler() {
        return scheduler;
    }

    /** The job named {@code name}; exit 2 naming it and listing the known jobs otherwise. */
    JobInfo require(String name) {
        return scheduler.find(name).orElseThrow(() -> CliException.usage("unknown job '" + name + "': known jobs: "
                + known()));
    }

    String known() {
        String names = scheduler.list().stream().map(JobInfo::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none (start `ringrift run` once to register the configured jobs)" : names;
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(false);
        } finally {
            db.close();
        }
    }
}
