package ai.ringrift.db;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One owner's Flyway migrations: their own classpath location and their own history table, so
 * that they never meet a host application's migrations (Flyway's default {@code db/migration}
 * location and {@code flyway_schema_history} table stay the application's).
 *
 * @param name          who owns them, for messages (e.g. {@code ringrift-scheduler})
 * @param historyTable  Flyway history table of this set, e.g. {@code ringrift_schema_history}
 * @param locations     classpath locations; {@code {vendor}} is replaced by {@link Vendor#migrationFolder()}
 * @param legacyScripts script names this set recorded in {@code flyway_schema_history} before it had
 *                      a table of its own (round one); those rows are carried over on the first
 *                      migration, see {@link Database#migrate(MigrationSet)}
 * @param adopted       tables an application may have created itself before it used this set (e.g.
 *                      Quartz's own {@code tables_h2.sql}), or null: when the history table is missing
 *                      and that table exists, the set starts above that version instead of failing
 *                      on {@code CREATE TABLE}
 */
public record MigrationSet(String name, String historyTable, List<String> locations, Set<String> legacyScripts,
                           Adopted adopted) {

    /**
     * A table that shows that the schema already holds this set up to {@code version}.
     *
     * @param table   table name, any case
     * @param version the last version whose objects that table stands for
     */
    public record Adopted(String table, String version) {
        public Adopted {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(version, "version");
        }
    }

    /** Flyway's default history table, used by the scheduler's first release and by host applications. */
    public static final String FLYWAY_DEFAULT_TABLE = "flyway_schema_history";

    /** The scheduler's own schema: the Quartz tables, the audit log, the deferral table. */
    public static final MigrationSet PRODUCT = new MigrationSet("ringrift-scheduler", "ringrift_schema_history",
            List.of("classpath:ai/ringrift/db/migration/common", "classpath:ai/ringrift/db/migration/{vendor}"),
            Set.of("V1__quartz_tables.sql", "V2__audit_tables.sql", "V3__guard_deferral.sql"),
            new Adopted("qrtz_job_details", "1"));

    /** A set with nothing to carry over from round one and no adopted tables. */
    public static MigrationSet of(String name, String historyTable, List<String> locations) {
        return new MigrationSet(name, historyTable, locations, Set.of(), null);
    }

    public MigrationSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(historyTable, "historyTable");
        if (!historyTable.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("history table of " + name + " must be a lower-case SQL name, was '"
                    + historyTable + "'");
        }
        if (historyTable.equals(FLYWAY_DEFAULT_TABLE)) {
            throw new IllegalArgumentException("history table of " + name + " must not be Flyway's default '"
                    + FLYWAY_DEFAULT_TABLE + "': that one belongs to the host application");
        }
        locations = List.copyOf(locations);
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("migrations of " + name + " need at least one location");
        }
        legacyScripts = Set.copyOf(legacyScripts);
    }

    /** The locations with {@code {vendor}} replaced. */
    public List<String> locationsFor(Vendor vendor) {
        return locations.stream().map(l -> l.replace("{vendor}", vendor.migrationFolder())).toList();
    }
}
