package ai.ringrift.cli;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.H2FilePath;
import ai.ringrift.guard.config.GuardConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How every command but {@code run} opens the database: only one that exists. An H2 file that is
 * not there is never created (H2 would create an empty one and the command would answer "no
 * decisions" or "unknown job" about it), and a database without ringrift's tables is not migrated
 * into one; either is exit 1 with one line naming where it looked. An existing database is brought
 * to this build's schema as before.
 */
final class ExistingDatabase {

    private ExistingDatabase() {
    }

    static Database open(GuardConfig config) {
        DatabaseSettings settings = config.database().toSettings();
        Optional<Path> file = H2FilePath.absolute(settings.url());
        if (file.isPresent() && H2FilePath.existing(file.get()).isEmpty()) {
            throw missing(H2FilePath.mainFile(file.get()).toString());
        }
        Database db = Database.open(settings);
        try {
            if ("0".equals(db.schemaVersion())) {
                throw missing(settings.maskedUrl() + " (it has no ringrift tables)");
            }
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static CliException missing(String where) {
        return new CliException(ExitCodes.FAILURE, "no database at " + where + ": point at the daemon's with"
                + " --config FILE (its guard.yaml) or --db-url URL; `ringrift run` creates it");
    }
}
