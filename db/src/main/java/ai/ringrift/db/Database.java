package ai.ringrift.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The scheduler's database: one HikariCP pool, the detected {@link Vendor}, and the Flyway
 * migrations that own the schema (Quartz tables and the audit log; JobRunr creates its own).
 *
 * <p>Open with {@link #open(DatabaseSettings)}; every failure is a {@link DatabaseException} whose
 * message names the masked URL, the cause and what to do.
 */
public final class Database implements AutoCloseable {

    private final DatabaseSettings settings;
    private final HikariDataSource pool;
    private final Vendor vendor;

    private Database(DatabaseSettings settings, HikariDataSource pool, Vendor vendor) {
        this.settings = settings;
        this.pool = pool;
        this.vendor = vendor;
    }

    /** Opens the pool and checks that the database answers. Does not migrate. */
    public static Database open(DatabaseSettings settings) {
        checkScheme(settings);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("ringrift-db");
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(1); // fail fast on open with the real cause
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw DatabaseErrors.explain(settings, e);
        }
        try (Connection c = pool.getConnection()) {
            Vendor vendor = Vendor.fromProductName(c.getMetaData().getDatabaseProductName());
            return new Database(settings, pool, vendor);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw DatabaseErrors.explain(settings, e);
        }
    }

    private static void checkScheme(DatabaseSettings settings) {
        String url = settings.url();
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            int end = url.indexOf(':', url.startsWith("jdbc:") ? 5 : 0);
            String scheme = end > 0 ? url.substring(0, end) : url;
            throw DatabaseErrors.problem(settings, DatabaseErrors.Problem.UNKNOWN_SCHEME,
                    "'" + DatabaseSettings.mask(scheme) + "' is neither jdbc:h2 nor jdbc:postgresql", null);
        }
    }

    /** Opens and migrates: the usual way to start. */
    public static Database openAndMigrate(DatabaseSettings settings) {
        Database db = open(settings);
        try {
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Applies pending migrations from {@code db/migration/common} and the vendor's folder. A second
     * call is a no-op. Returns the number of migrations applied.
     */
    public int migrate() {
        try {
            Flyway flyway = flyway();
            refuseNewerSchema(flyway.info());
            MigrateResult result = flyway.migrate();
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw DatabaseErrors.explain(settings, e);
        }
    }

    /**
     * The schema version this database is at ({@code "0"} when never migrated), e.g. {@code "2"}.
     */
    public String schemaVersion() {
        try {
            MigrationInfo current = flyway().info().current();
            return current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
        } catch (RuntimeException e) {
            throw DatabaseErrors.explain(settings, e);
        }
    }

    /**
     * Flyway (by default) only warns about applied migrations newer than the ones this build ships;
     * running old code on a newer schema is exactly what must not happen, so it is refused here.
     */
    private void refuseNewerSchema(MigrationInfoService info) {
        MigrationVersion newest = null;
        MigrationVersion known = MigrationVersion.EMPTY;
        for (MigrationInfo m : info.all()) {
            if (m.getVersion() == null) {
                continue;
            }
            MigrationState state = m.getState();
            if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
                if (newest == null || m.getVersion().compareTo(newest) > 0) {
                    newest = m.getVersion();
                }
            } else if (state.isResolved() && m.getVersion().compareTo(known) > 0) {
                known = m.getVersion();
            }
        }
        if (newest != null) {
            throw DatabaseErrors.problem(settings, DatabaseErrors.Problem.NEWER_SCHEMA,
                    "schema version " + newest.getVersion() + ", this build knows up to version "
                            + (known == MigrationVersion.EMPTY ? "none" : known.getVersion()), null);
        }
    }

    Flyway flyway() {
        return Flyway.configure(Database.class.getClassLoader())
                .dataSource(pool)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor.migrationFolder())
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .load();
    }

    /** The pooled data source; callers close the connections they take. */
    public DataSource dataSource() {
        return pool;
    }

    /** The database product, detected from the connection. */
    public Vendor vendor() {
        return vendor;
    }

    /** The settings this database was opened with. */
    public DatabaseSettings settings() {
        return settings;
    }

    /** The URL with the password masked. */
    public String describe() {
        return settings.maskedUrl();
    }

    /** Closes the pool. Idempotent. */
    @Override
    public void close() {
        pool.close();
    }
}
