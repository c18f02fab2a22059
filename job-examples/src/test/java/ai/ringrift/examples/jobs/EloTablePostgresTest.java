package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.testsupport.Ci;
import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.Vendor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The examples' V100 migration (own history table) and {@link EloTable} on PostgreSQL, in a schema
 * of its own (dropped after).
 * Skips when no server answers on 127.0.0.1:5432, unless CI is set.
 */
class EloTablePostgresTest {

    private static final String BASE = "jdbc:postgresql://127.0.0.1:5432/test";
    private final String schema = "elo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    void createSchema() {
        try (Connection c = DriverManager.getConnection(BASE, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (Ci.active()) {
                throw new AssertionError("PostgreSQL at " + BASE + " must answer under CI: " + e.getMessage(), e);
            }
            System.out.println("EloTablePostgresTest skipped: no PostgreSQL at " + BASE + " (" + e.getMessage() + ")");
            Assumptions.abort("no PostgreSQL at " + BASE + ": " + e.getMessage());
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(BASE, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void migratesAndUpsertsRatings() throws Exception {
        DatabaseSettings settings = DatabaseSettings.of(BASE + "?currentSchema=" + schema)
                .withCredentials("postgres", "").withPoolSize(2);
        try (Database db = Database.openAndMigrate(settings)) {
            assertThat(db.vendor()).isEqualTo(Vendor.POSTGRESQL);
            EloTable table = EloTable.on(db);
            assertThat(db.schemaVersion(ExampleMigrations.SET)).isEqualTo("100");
            assertThat(db.schemaVersion()).as("the scheduler's own history is untouched").isNotEqualTo("100");
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            table.saveAll(List.of(new EloRating("hex5/a", "hex5", 1510, 2, at),
                    new EloRating("hex5/b", "hex5", 1490, 2, at)));
            table.saveAll(List.of(new EloRating("hex5/b", "hex5", 1520, 4, at)));
            assertThat(table.ranking("hex5")).extracting(EloRating::modelId).containsExactly("hex5/b", "hex5/a");
            EloRating b = table.find("hex5/b").orElseThrow();
            assertThat(b.games()).isEqualTo(4);
            assertThat(b.updatedAt()).isEqualTo(at);
            assertThat(table.configs()).containsExactly("hex5");
        }
    }
}
