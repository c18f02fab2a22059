package ai.ringrift.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a migration set's rows out of Flyway's default {@code flyway_schema_history} (where the
 * scheduler's first release recorded them) into the set's own history table, so that nothing is
 * applied again and the default table is left to the host application.
 *
 * <p>Steps, each safe to repeat after a crash: Flyway creates the set's table with a baseline row
 * (so it has Flyway's exact layout); then, in one transaction, the baseline row is replaced by the
 * legacy rows (versions, checksums and dates kept) and those rows leave the default table; a
 * default table left with nothing but Flyway's schema-creation marker is dropped.
 */
final class LegacyHistory {

    /** Description of the placeholder baseline row that the carry-over replaces. */
    static final String CARRY_OVER = "<< carry-over from " + MigrationSet.FLYWAY_DEFAULT_TABLE + " >>";

    private static final Logger LOG = LoggerFactory.getLogger(LegacyHistory.class);
    private static final String COLUMNS = "\"installed_rank\", \"version\", \"description\", \"type\", \"script\","
            + " \"checksum\", \"installed_by\", \"installed_on\", \"execution_time\", \"success\"";

    private LegacyHistory() {
    }

    /**
     * Carries the rows over when the default table holds some of {@code set}'s legacy scripts.
     *
     * @param baseline a Flyway for {@code set} that baselines at the given version
     * @return the number of rows carried over (0: nothing to do)
     */
    static int carryOver(DataSource dataSource, MigrationSet set, Function<String, Flyway> baseline)
            throws SQLException {
        if (set.legacyScripts().isEmpty()) {
            return 0;
        }
        String baselineAt;
        try (Connection c = dataSource.getConnection()) {
            if (!tableExists(c, MigrationSet.FLYWAY_DEFAULT_TABLE)) {
                return 0;
            }
            String newest = newestLegacyVersion(c, set);
            if (newest == null) {
                return 0;
            }
            // the set's table may exist already (a carry-over cut short): then just move the rows
            baselineAt = tableExists(c, set.historyTable()) ? null : newest;
        }
        if (baselineAt != null) {
            try {
                baseline.apply(baselineAt).baseline();
            } catch (RuntimeException e) {
                try (Connection c = dataSource.getConnection()) {
                    if (!tableExists(c, set.historyTable())) {
                        throw e;
                    }
                }
                // another node of the fleet created the table first: move the rows (or find them moved)
            }
        }
        int moved;
        try (Connection c = dataSource.getConnection()) {
            moved = moveRows(c, set);
            // Flyway's marker rows (history table or schema created) stay only while others' rows do
            if (count(c, "SELECT COUNT(*) FROM \"" + MigrationSet.FLYWAY_DEFAULT_TABLE
                    + "\" WHERE \"type\" NOT IN ('SCHEMA', 'TABLE')") == 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE \"" + MigrationSet.FLYWAY_DEFAULT_TABLE + "\"");
                }
                LOG.info("db: dropped the empty {} (it only held {}'s rows)", MigrationSet.FLYWAY_DEFAULT_TABLE,
                        set.name());
            }
        }
        LOG.info("db: carried {} history row(s) of {} from {} to {}", moved, set.name(),
                MigrationSet.FLYWAY_DEFAULT_TABLE, set.historyTable());
        return moved;
    }

    /** The newest version among the set's legacy rows, or null when there are none; refuses failed rows. */
    private static String newestLegacyVersion(Connection c, MigrationSet set) throws SQLException {
        MigrationVersion newest = null;
        List<String> failed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT \"version\", \"script\", \"success\" FROM \""
                + MigrationSet.FLYWAY_DEFAULT_TABLE + "\" WHERE \"script\" IN (" + placeholders(set) + ")")) {
            bindScripts(ps, set, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(3)) {
                        failed.add(rs.getString(2));
                    } else if (rs.getString(1) != null) {
                        MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                        newest = newest == null || v.compareTo(newest) > 0 ? v : newest;
                    }
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new DatabaseException("cannot carry " + set.name() + "'s history over from "
                    + MigrationSet.FLYWAY_DEFAULT_TABLE + ": it records failed migration(s) " + failed
                    + "; restore the database from a backup, or remove those rows once the schema is repaired");
        }
        return newest == null ? null : newest.getVersion();
    }

    /** In one transaction: the placeholder baseline out, the legacy rows in, and out of the default table. */
    private static int moveRows(Connection c, MigrationSet set) throws SQLException {
        String target = "\"" + set.historyTable() + "\"";
        String legacy = "\"" + MigrationSet.FLYWAY_DEFAULT_TABLE + "\"";
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            if (Vendor.fromProductName(c.getMetaData().getDatabaseProductName()) == Vendor.POSTGRESQL) {
                // nodes of a fleet starting together: one moves the rows, the others then find none
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, ("ringrift carry-over " + set.historyTable()).hashCode());
                    ps.execute();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + target
                    + " WHERE \"type\" = 'BASELINE' AND \"description\" = ?")) {
                ps.setString(1, CARRY_OVER);
                ps.executeUpdate();
            }
            long rankOffset = count(c, "SELECT COALESCE(MAX(\"installed_rank\"), 0) FROM " + target);
            int moved;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + target + " (" + COLUMNS + ") SELECT "
                    + COLUMNS.replace("\"installed_rank\",", "\"installed_rank\" + ?,") + " FROM " + legacy
                    + " WHERE \"script\" IN (" + placeholders(set) + ") AND \"version\" NOT IN"
                    + " (SELECT \"version\" FROM " + target + " WHERE \"version\" IS NOT NULL)")) {
                ps.setLong(1, rankOffset);
                bindScripts(ps, set, 2);
                moved = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + legacy + " WHERE \"script\" IN ("
                    + placeholders(set) + ")")) {
                bindScripts(ps, set, 1);
                ps.executeUpdate();
            }
            c.commit();
            return moved;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Whether {@code table} exists in the connection's current schema (any case). */
    static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), schema, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String placeholders(MigrationSet set) {
        return set.legacyScripts().stream().map(x -> "?").collect(Collectors.joining(", "));
    }

    private static void bindScripts(PreparedStatement ps, MigrationSet set, int first) throws SQLException {
        int i = first;
        for (String script : set.legacyScripts().stream().sorted().toList()) {
            ps.setString(i++, script);
        }
    }
}
