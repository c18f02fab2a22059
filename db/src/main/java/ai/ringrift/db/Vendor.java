package ai.ringrift.db;

import java.util.Locale;

/** The database products the scheduler supports, detected from the JDBC connection. */
public enum Vendor {
    H2("h2", "org.h2.Driver", "com.h2database:h2"),
    POSTGRESQL("postgresql", "org.postgresql.Driver", "org.postgresql:postgresql");

    private final String migrationFolder;
    private final String driverClass;
    private final String driverArtifact;

    Vendor(String migrationFolder, String driverClass, String driverArtifact) {
        this.migrationFolder = migrationFolder;
        this.driverClass = driverClass;
        this.driverArtifact = driverArtifact;
    }

    /** Folder (the {@code {vendor}} of {@link MigrationSet#locations()}) holding this vendor's own migrations. */
    public String migrationFolder() {
        return migrationFolder;
    }

    /** The JDBC driver class, which the application brings (the library does not). */
    public String driverClass() {
        return driverClass;
    }

    /** Maven coordinates of the driver, for error messages. */
    public String driverArtifact() {
        return driverArtifact;
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
