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
                    "guard_decision", "job_outcome", "guard_deferral");
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
                        "guard_decision", "job_outcome", "guard_deferral");
                assertThat(tablesIn(db, pg.schema())).contains("qrtz_job_details", "guard_decision",
                        "ringrift_schema_history").doesNotContain("flyway_schema_history");
            }
            try (Database again = Database.open(pg.settings())) {
                assertThat(again.migrate()).isZero();
                assertThat(again.schemaVersion()).isEqualTo(ProductMigrations.LATEST);
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
