package ai.ringrift.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway migrations on a fresh H2 file and on PostgreSQL; a second start applies nothing. */
class DatabaseMigrationTest {

    @TempDir
    Path dir;

    @Test
    void freshH2FileGetsQuartzAndAuditTablesAndSecondStartIsANoOp() throws SQLException {
        DatabaseSettings settings = DatabaseSettings.h2File(dir.resolve("ringrift"));
        try (Database db = Database.open(settings)) {
            assertThat(db.vendor()).isEqualTo(Vendor.H2);
            assertThat(db.schemaVersion()).isEqualTo("0");
            assertThat(db.migrate()).isEqualTo(ProductMigrations.COUNT);
            assertThat(db.schemaVersion()).isEqualTo(ProductMigrations.LATEST);
            assertThat(tables(db)).contains("qrtz_job_details", "qrtz_triggers", "qrtz_locks",
                    "guard_decision", "job_outcome", "guard_deferral", "guard_history");
        }
        assertThat(dir.resolve("ringrift.mv.db")).exists();
        try (Database again = Database.openAndMigrate(settings)) {
            assertThat(again.migrate()).isZero();
            assertThat(again.schemaVersion()).isEqualTo(ProductMigrations.LATEST);
        }
    }

    @Test
    void postgresqlSchemaGetsTheSameMigrationsAndSecondStartIsANoOp() throws SQLException {
        try (TestPostgres pg = TestPostgres.freshSchema()) {
            try (Database db = Database.open(pg.settings())) {
                assertThat(db.vendor()).isEqualTo(Vendor.POSTGRESQL);
                assertThat(db.migrate()).isEqualTo(ProductMigrations.COUNT);
                assertThat(tables(db)).contains("qrtz_job_details", "qrtz_triggers", "qrtz_locks",
                        "guard_decision", "job_outcome", "guard_deferral", "guard_history");
                assertThat(tablesIn(db, pg.schema())).contains("qrtz_job_details", "guard_decision",
                        "ringrift_schema_history").doesNotContain("flyway_schema_history");
            }
            try (Database again = Database.open(pg.settings())) {
                assertThat(again.migrate()).isZero();
                assertThat(again.schemaVersion()).isEqualTo(ProductMigrations.LATEST);
            }
        }
    }

    /**
     * The audit tables' ids are cached 1000 at a time (V72): on H2 each exhausted cache is a commit of
     * its own, with {@code WRITE_DELAY 0} a chunk written to the file.
     */
    @Test
    void auditIdentitySequencesCacheAThousandValuesOnBothDatabases() throws SQLException {
        try (Database h2 = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("cache")))) {
            try (Connection c = h2.dataSource().getConnection();
                 var st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT TABLE_NAME, IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                         + " WHERE COLUMN_NAME = 'ID' AND TABLE_NAME IN ('GUARD_DECISION', 'JOB_OUTCOME')")) {
                List<String> cached = new ArrayList<>();
                while (rs.next()) {
                    cached.add(rs.getString(1).toLowerCase(Locale.ROOT) + "=" + rs.getLong(2));
                }
                assertThat(cached).containsExactlyInAnyOrder("guard_decision=1000", "job_outcome=1000");
            }
        }
        try (TestPostgres pg = TestPostgres.freshSchema(); Database db = Database.openAndMigrate(pg.settings());
             Connection c = db.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT s.seqcache FROM pg_sequence s"
                     + " WHERE s.seqrelid = pg_get_serial_sequence(?, 'id')::regclass")) {
            for (String table : List.of("guard_decision", "job_outcome")) {
                ps.setString(1, pg.schema() + "." + table);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as(table).isTrue();
                    assertThat(rs.getLong(1)).as(table).isEqualTo(1000);
                }
            }
        }
    }

    private static List<String> tables(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return tablesIn(c, c.getSchema());
        }
    }

    private static List<String> tablesIn(Database db, String schema) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return tablesIn(c, schema);
        }
    }

    private static List<String> tablesIn(Connection c, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
