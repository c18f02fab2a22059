package ai.ringrift.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database migrated by the first release (its V1-V3 recorded in Flyway's default
 * {@code flyway_schema_history}) keeps working: the rows are carried over to
 * {@code ringrift_schema_history} with their checksums, nothing is applied again, no data is lost,
 * and the default table is left to the host (dropped when it held only ours).
 */
class LegacyHistoryTest {

    @TempDir
    Path dir;

    @Test
    void h2RoundOneDatabaseIsCarriedOverWithoutReapplyingAnything() throws SQLException {
        try (Database db = Database.open(DatabaseSettings.h2File(dir.resolve("round-one")))) {
            carriedOver(db);
        }
    }

    @Test
    void postgresqlRoundOneDatabaseIsCarriedOverWithoutReapplyingAnything() throws SQLException {
        try (TestPostgres pg = TestPostgres.freshSchema(); Database db = Database.open(pg.settings())) {
            carriedOver(db);
        }
    }

    @Test
    void rowsOfOthersStayInTheDefaultTable() throws SQLException {
        try (Database db = Database.open(DatabaseSettings.h2File(dir.resolve("shared")))) {
            roundOne(db);
            execute(db, "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\","
                    + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
                    + " VALUES (50, '50', 'host table', 'SQL', 'V50__host_table.sql', 7, 'host', 0, TRUE)");
            assertThat(db.migrate()).isEqualTo(ProductMigrations.COUNT - ProductMigrations.ROUND_ONE);
            assertThat(HostFlywayTest.scripts(db, "flyway_schema_history")).contains("V50__host_table.sql")
                    .doesNotContain("V1__quartz_tables.sql", "V2__audit_tables.sql", "V3__guard_deferral.sql");
            assertThat(HostFlywayTest.scripts(db, "ringrift_schema_history"))
                    .startsWith("V1__quartz_tables.sql", "V2__audit_tables.sql", "V3__guard_deferral.sql");
        }
    }

    @Test
    void aCarryOverCutShortAfterTheBaselineIsFinishedOnTheNextStart() throws SQLException {
        try (Database db = Database.open(DatabaseSettings.h2File(dir.resolve("cut-short")))) {
            roundOne(db);
            // the first step happened (the table with its placeholder row), then the process died
            db.configure(MigrationSet.PRODUCT).baselineVersion("3").baselineDescription(LegacyHistory.CARRY_OVER)
                    .load().baseline();
            assertThat(db.migrate()).isEqualTo(ProductMigrations.COUNT - ProductMigrations.ROUND_ONE);
            assertThat(HostFlywayTest.scripts(db, "ringrift_schema_history"))
                    .startsWith("V1__quartz_tables.sql", "V2__audit_tables.sql", "V3__guard_deferral.sql");
            assertThat(tableExists(db, "flyway_schema_history")).isFalse();
        }
    }

    private void carriedOver(Database db) throws SQLException {
        roundOne(db);
        execute(db, "INSERT INTO guard_deferral (job_group, job_name, jobrunr_id, attempt, priority, reason, node_id,"
                + " first_deferred_at, deferred_at, run_at) VALUES ('g', 'kept', 'id-1', 1, 'LOW', 'r', 'n',"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        List<String> before = history(db, "flyway_schema_history");
        assertThat(before).hasSize(3);

        assertThat(db.migrate()).as("only the migrations after the first release applied")
                .isEqualTo(ProductMigrations.COUNT - ProductMigrations.ROUND_ONE);
        assertThat(db.schemaVersion()).isEqualTo(ProductMigrations.LATEST);
        assertThat(history(db, "ringrift_schema_history").subList(0, ProductMigrations.ROUND_ONE))
                .as("versions, checksums and dates carried over").isEqualTo(before);
        assertThat(tableExists(db, "flyway_schema_history")).as("emptied default table dropped").isFalse();
        assertThat(count(db, "SELECT COUNT(*) FROM guard_deferral WHERE job_name = 'kept'")).isEqualTo(1);
        // and the next start is an ordinary no-op
        assertThat(db.migrate()).isZero();
        assertThat(history(db, "ringrift_schema_history")).hasSize(ProductMigrations.COUNT);
    }

    /** What the first release did: the same scripts, recorded in Flyway's default table. */
    private static void roundOne(Database db) {
        Flyway.configure(LegacyHistoryTest.class.getClassLoader())
                .dataSource(db.dataSource())
                .locations(MigrationSet.PRODUCT.locationsFor(db.vendor()).toArray(String[]::new))
                .target("3").load().migrate();
        assertThat(db.schemaVersion()).as("nothing in the new table yet").isEqualTo("0");
    }

    private static List<String> history(Database db, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"script\", \"checksum\", \"installed_on\","
                     + " \"success\" FROM \"" + table + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getTimestamp(4)
                        + " " + rs.getBoolean(5));
            }
        }
        return out;
    }

    private static boolean tableExists(Database db, String table) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return LegacyHistory.tableExists(c, table);
        }
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
