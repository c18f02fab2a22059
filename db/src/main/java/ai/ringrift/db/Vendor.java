package ai.ringrift.db;

import java.util.Locale;

/** The database products the scheduler supports, detected from the JDBC connection. */
public enum Vendor {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String migrationFolder;

    Vendor(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Classpath folder (under {@code db/migration}) holding this vendor's own migrations. */
    public String migrationFolder() {
        return migrationFolder;
    }

    /** Maps {@link java.sql.DatabaseMetaData#getDatabaseProductName()} to a vendor. */
    public static Vendor fromProductName(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.contains("h2")) {
            return H2;
        }
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new DatabaseException("unsupported database product '" + productName
                + "': ringrift-scheduler runs on H2 (embedded default) or PostgreSQL");
    }
}
