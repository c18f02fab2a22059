package ai.ringrift.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host application with its own Flyway (its {@code V1__host.sql} in Flyway's default location
 * {@code classpath:db/migration}, Flyway's default history table) on the same database and schema
 * as the scheduler: both migrate, in either order, and neither sees the other's migrations (in the
 * first release both had a {@code V1} in {@code flyway_schema_history}: a clash).
 *
 * <p>Flyway refuses to start any history in a schema that already holds tables unless told to
 * baseline; a host whose Flyway runs second therefore uses {@code baselineOnMigrate} with baseline
 * version 0, as any application adopting Flyway on an existing schema does. The scheduler's own
 * migrations do that for themselves, so they can run second with nothing set.
 */
class HostFlywayTest {

    @TempDir
    Path dir;

    @Test
    void h2HostFirstThenScheduler() throws SQLException {
        try (Database db = Database.open(DatabaseSettings.h2File(dir.resolve("host-first")))) {
            hostFirstThenScheduler(db);
        }
    }

    @Test
    void h2SchedulerFirstThenHost() throws SQLException {
        try (Database db = Database.open(DatabaseSettings.h2File(dir.resolve("scheduler-first")))) {
            schedulerFirstThenHost(db);
        }
    }

    @Test
    void postgresqlHostFirstThenScheduler() throws SQLException {
        try (TestPostgres pg = TestPostgres.freshSchema(); Database db = Database.open(pg.settings())) {
            hostFirstThenScheduler(db);
        }
    }

    @Test
    void postgresqlSchedulerFirstThenHost() throws SQLException {
        try (TestPostgres pg = TestPostgres.freshSchema(); Database db = Database.open(pg.settings())) {
            schedulerFirstThenHost(db);
        }
    }

    private void hostFirstThenScheduler(Database db) throws SQLException {
        assertThat(host(db.dataSource()).load().migrate().migrationsExecuted).isEqualTo(1);
        assertThat(db.migrate()).isEqualTo(ProductMigrations.COUNT);
        assertBothMigrated(db);
        // later starts of both apply nothing
        assertThat(host(db.dataSource()).load().migrate().migrationsExecuted).isZero();
        assertThat(db.migrate()).isZero();
        assertBothMigrated(db);
    }

    private void schedulerFirstThenHost(Database db) throws SQLException {
        assertThat(db.migrate()).isEqualTo(ProductMigrations.COUNT);
        assertThat(host(db.dataSource()).baselineOnMigrate(true).baselineVersion("0").load().migrate()
                .migrationsExecuted).isEqualTo(1);
        assertBothMigrated(db);
        assertThat(db.migrate()).isZero();
        assertThat(host(db.dataSource()).load().migrate().migrationsExecuted).isZero();
        assertBothMigrated(db);
    }

    /** Flyway as a host application configures it: defaults (location db/migration, flyway_schema_history). */
    private static FluentConfiguration host(DataSource dataSource) {
        return Flyway.configure(HostFlywayTest.class.getClassLoader()).dataSource(dataSource);
    }

    private static void assertBothMigrated(Database db) throws SQLException {
        assertThat(db.schemaVersion()).isEqualTo(ProductMigrations.LATEST);
        List<String> hostApplied = new ArrayList<>();
        for (MigrationInfo m : host(db.dataSource()).load().info().applied()) {
            if (m.getType().isBaseline()) {
                continue;
            }
            hostApplied.add(m.getScript());
        }
        assertThat(hostApplied).as("the host's history holds only the host's migration").containsExactly("V1__host.sql");
        assertThat(scripts(db, "flyway_schema_history")).contains("V1__host.sql")
                .doesNotContain("V1__quartz_tables.sql", "V2__audit_tables.sql", "V3__guard_deferral.sql");
        assertThat(scripts(db, "ringrift_schema_history"))
                .contains("V1__quartz_tables.sql", "V2__audit_tables.sql", "V3__guard_deferral.sql")
                .doesNotContain("V1__host.sql");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM host_item WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("from the host");
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM guard_decision")) {
            assertThat(rs.next()).isTrue();
        }
    }

    static List<String> scripts(Database db, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"script\" FROM \"" + table
                     + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
