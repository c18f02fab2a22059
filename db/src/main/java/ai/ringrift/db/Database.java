package ai.ringrift.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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
            MigrateResult result = flyway().migrate();
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw DatabaseErrors.explain(settings, e);
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

    public DataSource dataSource() {
        return pool;
    }

    public Vendor vendor() {
        return vendor;
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /** The URL with the password masked. */
    public String describe() {
        return settings.maskedUrl();
    }

    @Override
    public void close() {
        pool.close();
    }
}
