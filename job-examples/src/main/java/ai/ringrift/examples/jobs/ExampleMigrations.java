package ai.ringrift.examples.jobs;

import ai.ringrift.db.Database;
import ai.ringrift.db.MigrationSet;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import javax.sql.DataSource;

/**
 * The example jobs' own tables ({@code elo_rating}): their own Flyway location
 * ({@code classpath:ai/ringrift/examples/db/migration}) and history table
 * ({@code ringrift_examples_schema_history}), outside the scheduler's history. Migrated by the
 * examples themselves the first time a job needs them in this process ({@link #ensure}); a
 * round-one database that recorded {@code V100__elo_ratings.sql} in {@code flyway_schema_history}
 * has that row carried over, nothing is applied again.
 */
public final class ExampleMigrations {

    public static final MigrationSet SET = new MigrationSet("ringrift job-examples",
            "ringrift_examples_schema_history", List.of("classpath:ai/ringrift/examples/db/migration/common"),
            Set.of("V100__elo_ratings.sql"), null);

    private static final Set<DataSource> MIGRATED = Collections.newSetFromMap(new WeakHashMap<>());

    private ExampleMigrations() {
    }

    /** Migrates the examples' tables in {@code db} once per data source and process; a no-op after. */
    public static void ensure(Database db) {
        synchronized (MIGRATED) {
            if (MIGRATED.contains(db.dataSource())) {
                return;
            }
            db.migrate(SET);
            MIGRATED.add(db.dataSource());
        }
    }
}
