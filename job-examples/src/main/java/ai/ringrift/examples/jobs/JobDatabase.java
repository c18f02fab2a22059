package ai.ringrift.examples.jobs;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseException;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** Finds the {@link Database} the daemon put in the SchedulerContext ({@link GuardKeys#DATABASE}). */
final class JobDatabase {

    private JobDatabase() {
    }

    /** The database, or null when the scheduler context has none. */
    static Database find(JobExecutionContext context) throws JobExecutionException {
        Object db;
        try {
            db = context.getScheduler().getContext().get(GuardKeys.DATABASE);
        } catch (SchedulerException e) {
            throw new JobExecutionException("cannot read the scheduler context for '" + GuardKeys.DATABASE + "': "
                    + e.getMessage(), e);
        }
        if (db == null) {
            return null;
        }
        if (db instanceof Database d) {
            return d;
        }
        throw new JobExecutionException("SchedulerContext '" + GuardKeys.DATABASE + "' holds a "
                + db.getClass().getName() + ", expected " + Database.class.getName());
    }

    /** The database, or a failure naming the job and what to do. */
    static Database require(JobExecutionContext context, String job) throws JobExecutionException {
        Database db = find(context);
        if (db == null) {
            throw new JobExecutionException(job + " needs the database: put an " + Database.class.getName()
                    + " under SchedulerContext key '" + GuardKeys.DATABASE + "' (the ringrift daemon does this)");
        }
        return db;
    }

    /** The Elo table in the daemon's database, its migrations applied ({@link ExampleMigrations}). */
    static EloTable eloTable(Database db, String job) throws JobExecutionException {
        try {
            return EloTable.on(db);
        } catch (DatabaseException e) {
            throw new JobExecutionException(job + ": cannot migrate the examples' tables ("
                    + ExampleMigrations.SET.historyTable() + "): " + e.getMessage(), e);
        }
    }
}
