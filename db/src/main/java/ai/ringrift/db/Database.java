package ai.ringrift.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The scheduler's database: a data source (its own HikariCP pool, or the application's one given
 * to {@link #wrap}), the detected {@link Vendor}, and the Flyway migrations that own the schema
 * (Quartz tables and the audit log; JobRunr creates its own).
 *
 * <p>The migrations are a {@link MigrationSet} with their own location
 * ({@code classpath:ai/ringrift/db/migration}) and history table ({@code ringrift_schema_history}):
 * a host application's Flyway (default location {@code db/migration}, default table
 * {@code flyway_schema_history}) on the same database never sees them, nor they it.
 *
 * <p>Open with {@link #open(DatabaseSettings)}; every failure is a {@link DatabaseException} whose
 * message names the masked URL, the cause and what to do.
 */
public final class Database implements AutoCloseable {

    private final DatabaseSettings settings;
    private final DataSource dataSource;
    private final AutoCloseable owned;
    private final Vendor vendor;

    private Database(DatabaseSettings settings, DataSource dataSource, AutoCloseable owned, Vendor vendor) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.owned = owned;
        this.vendor = vendor;
    }

    /**
     * Opens the pool and checks that the database answers; on H2, commits are written through to
     * the file ({@link H2Durability}). Does not migrate.
     */
    public static Database open(DatabaseSettings settings) {
        checkScheme(settings);
        checkDriver(settings, Database.class.getClassLoader());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(H2Durability.jdbcUrl(settings.url()));
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("ringrift-db");
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(1); // fail fast on open with the real cause
        HikariDataSource pool;
        try {
            pool = settings.url().startsWith("jdbc:h2:")
                    ? H2LockWait.retrying(settings.maskedUrl(), () -> new HikariDataSource(config))
                    : new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw DatabaseErrors.explain(settings, e);
        }
        try (Connection c = pool.getConnection()) {
            Vendor vendor = Vendor.fromProductName(c.getMetaData().getDatabaseProductName());
            if (vendor == Vendor.H2) {
                H2Durability.writeCommitsThrough(c, settings.maskedUrl());
            }
            return new Database(settings, pool, pool, vendor);
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

    /**
     * The application's own data source (e.g. the Quartz DataSource an application already
     * configured): the vendor is detected from a connection, {@link #close()} leaves it open.
     * Does not migrate.
     */
    public static Database wrap(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            DatabaseSettings described = new DatabaseSettings(meta.getURL() == null ? "(application data source)"
                    : meta.getURL(), meta.getUserName(), "", 1);
            Vendor vendor = Vendor.fromProductName(meta.getDatabaseProductName());
            if (vendor == Vendor.H2) {
                H2Durability.writeCommitsThrough(c, described.maskedUrl());
            }
            return new Database(described, dataSource, null, vendor);
        } catch (SQLException e) {
            throw new DatabaseException("cannot use the application's data source: " + e.getMessage()
                    + "; check that its database answers", e);
        }
    }

    /** A supported scheme whose driver is missing: the application chooses the drivers. */
    static void checkDriver(DatabaseSettings settings, ClassLoader loader) {
        Vendor vendor = settings.url().startsWith("jdbc:h2:") ? Vendor.H2 : Vendor.POSTGRESQL;
        try {
            Class.forName(vendor.driverClass(), false, loader);
        } catch (ClassNotFoundException e) {
            throw DatabaseErrors.problem(settings, DatabaseErrors.Problem.NO_DRIVER,
                    vendor.driverClass() + " (" + vendor.driverArtifact() + ") is not on the class path", null);
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
     * Applies the scheduler's pending migrations ({@link MigrationSet#PRODUCT}). A second call is a
     * no-op. Returns the number of migrations applied.
     */
    public int migrate() {
        return migrate(MigrationSet.PRODUCT);
    }

    /**
     * Applies the pending migrations of {@code set}, recorded in its own history table:
     * <ul>
     *   <li>rows the set recorded in {@code flyway_schema_history} before it had a table of its own
     *       are carried over first (nothing is applied again, nothing is lost);</li>
     *   <li>a schema that already holds other tables (a host application's) is no obstacle: the
     *       set's history starts empty beside them (Flyway baseline 0), or above
     *       {@link MigrationSet#adopted()} when the application created that table itself;</li>
     *   <li>a schema migrated by a newer release is refused.</li>
     * </ul>
     * A second call is a no-op. Returns the number of migrations applied.
     */
    public int migrate(MigrationSet set) {
        try {
            // one node at a time: nodes started together on an empty database would race on CREATE TABLE
            return SchemaLock.hold(this::lockConnection, vendor, () -> {
                LegacyHistory.carryOver(dataSource, set, at -> configure(set).baselineVersion(at)
                        .baselineDescription(LegacyHistory.CARRY_OVER).load());
                Flyway flyway = configure(set).baselineOnMigrate(true).baselineVersion(startVersion(set)).load();
                refuseNewerSchema(set, flyway.info());
                MigrateResult result = flyway.migrate();
                return result.migrationsExecuted;
            });
        } catch (SQLException | RuntimeException e) {
            throw DatabaseErrors.explain(settings, e);
        }
    }

    /**
     * Runs {@code body} holding the database-wide schema lock that {@link #migrate} holds too (a
     * PostgreSQL advisory lock; nothing on H2): for schema a library creates itself, such as
     * JobRunr's tables, so that nodes starting together do not race. Do not call {@link #migrate}
     * inside it.
     */
    public <T> T underSchemaLock(java.util.function.Supplier<T> body) {
        try {
            return SchemaLock.hold(this::lockConnection, vendor, body::get);
        } catch (SQLException e) {
            throw DatabaseErrors.explain(settings, e);
        }
    }

    /** The schema lock's connection: our own, outside the pool, when we opened it; else one of the application's. */
    private Connection lockConnection() throws SQLException {
        return owned != null ? java.sql.DriverManager.getConnection(settings.url(), settings.user(), settings.password())
                : dataSource.getConnection();
    }

    /** Where a set starts in a non-empty schema without its history: 0, or the adopted version. */
    private String startVersion(MigrationSet set) throws SQLException {
        if (set.adopted() == null) {
            return "0";
        }
        try (Connection c = dataSource.getConnection()) {
            boolean fresh = !LegacyHistory.tableExists(c, set.historyTable());
            return fresh && LegacyHistory.tableExists(c, set.adopted().table()) ? set.adopted().version() : "0";
        }
    }

    /**
     * The schema version this database is at ({@code "0"} when never migrated), e.g. {@code "2"}.
     */
    public String schemaVersion() {
        return schemaVersion(MigrationSet.PRODUCT);
    }

    /** The version {@code set} is at in this database ({@code "0"} when never migrated). */
    public String schemaVersion(MigrationSet set) {
        try {
            MigrationInfo current = configure(set).load().info().current();
            return current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
        } catch (RuntimeException e) {
            throw DatabaseErrors.explain(settings, e);
        }
    }

    /**
     * Flyway (by default) only warns about applied migrations newer than the ones this build ships;
     * running old code on a newer schema is exactly what must not happen, so it is refused here.
     */
    private void refuseNewerSchema(MigrationSet set, MigrationInfoService info) {
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
                    "schema version " + newest.getVersion() + " in " + set.historyTable()
                            + ", this build knows up to version "
                            + (known == MigrationVersion.EMPTY ? "none" : known.getVersion()), null);
        }
    }

    FluentConfiguration configure(MigrationSet set) {
        return Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .table(set.historyTable())
                .locations(set.locationsFor(vendor).toArray(String[]::new))
                .failOnMissingLocations(true)
                .cleanDisabled(true);
    }

    /** The data source; callers close the connections they take. */
    public DataSource dataSource() {
        return dataSource;
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

    /** Closes the pool this database opened (an application's data source given to {@link #wrap} stays open). Idempotent. */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new DatabaseException("cannot close the pool of " + settings.maskedUrl() + ": " + e, e);
            }
        }
    }
}
