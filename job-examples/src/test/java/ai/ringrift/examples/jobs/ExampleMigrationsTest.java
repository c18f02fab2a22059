package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.db.MigrationSet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples' {@code elo_rating} migration is the examples' own: its own history table, not
 * part of the scheduler's; and a round-one daemon database (V1-V3 and V100 all in
 * {@code flyway_schema_history}) keeps its ratings, with nothing applied again.
 */
class ExampleMigrationsTest {

    @TempDir
    Path dir;

    @Test
    void eloTableLivesInTheExamplesOwnHistory() throws SQLException {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("fresh")))) {
            assertThat(history(db, "ringrift_schema_history")).as("the product's history has no example migration")
                    .startsWith("V1__quartz_tables.sql", "V2__audit_tables.sql", "V3__guard_deferral.sql")
                    .doesNotContain("V100__elo_ratings.sql");
            EloTable.on(db).saveAll(List.of(new EloRating("hex4/a", "hex4", 1500, 1, Instant.now())));
            assertThat(history(db, "ringrift_examples_schema_history")).containsExactly("V100__elo_ratings.sql");
            assertThat(db.schemaVersion()).as("the product's version, not the examples'").isNotEqualTo("100");
        }
    }

    @Test
    void roundOneDaemonDatabaseKeepsItsRatings() throws SQLException {
        try (Database db = Database.open(DatabaseSettings.h2File(dir.resolve("round-one")))) {
            // what the first release's daemon did: every location in Flyway's default table
            // (the first release's product migrations were V1-V3; later ones came with later releases)
            Flyway.configure(ExampleMigrationsTest.class.getClassLoader()).dataSource(db.dataSource())
                    .locations(MigrationSet.PRODUCT.locationsFor(db.vendor()).toArray(String[]::new))
                    .target("3").load().migrate();
            Flyway.configure(ExampleMigrationsTest.class.getClassLoader()).dataSource(db.dataSource())
                    .locations(ExampleMigrations.SET.locationsFor(db.vendor()).toArray(String[]::new))
                    .validateOnMigrate(false).load().migrate();
            new EloTable(db.dataSource()).saveAll(List.of(new EloRating("hex4/old", "hex4", 1612, 9, Instant.now())));

            assertThat(db.migrate()).as("only the product's migrations after the first release").isPositive();
            assertThat(db.migrate()).isZero();
            assertThat(EloTable.on(db).find("hex4/old")).hasValueSatisfying(r -> assertThat(r.games()).isEqualTo(9));
            assertThat(history(db, "ringrift_examples_schema_history")).containsExactly("V100__elo_ratings.sql");
            assertThat(history(db, "ringrift_schema_history"))
                    .startsWith("V1__quartz_tables.sql", "V2__audit_tables.sql", "V3__guard_deferral.sql")
                    .doesNotContain("V100__elo_ratings.sql");
            try (Connection c = db.dataSource().getConnection();
                 ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "flyway_schema_history", null)) {
                assertThat(rs.next()).as("the default table, emptied of ours, is gone").isFalse();
            }
        }
    }

    private static List<String> history(Database db, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"script\" FROM \"" + table
                     + "\" WHERE \"type\" = 'SQL' ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
