package ai.ringrift.db;

/**
 * What the product's migration set holds today, written once for the migration tests: a new
 * migration changes these two numbers and nothing else.
 */
final class ProductMigrations {

    /** Migrations a fresh database gets (V1-V3, V30-V31, V40). */
    static final int COUNT = 6;
    /** The schema version after them. */
    static final String LATEST = "40";
    /** The first release's migrations (V1-V3), what a round-one database has. */
    static final int ROUND_ONE = 3;

    private ProductMigrations() {
    }
}
