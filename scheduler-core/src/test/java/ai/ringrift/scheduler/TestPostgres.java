package ai.ringrift.scheduler;

import ai.ringrift.testsupport.Ci;
import ai.ringrift.db.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared PostgreSQL test server (127.0.0.1:5432, database {@code test}, trust auth). Each test
 * gets its own schema, dropped afterwards. Tests skip only when {@code CI} is unset and no server
 * answers; under CI they fail instead.
 */
final class TestPostgres implements AutoCloseable {

    static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private final String schema;

    private TestPostgres(String schema) {
        this.schema = schema;
    }

    /** Creates a fresh schema, or skips/fails the test when no server answers. */
    static TestPostgres freshSchema() {
        requireServer();
        String schema = "rr_sched_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema);
        return new TestPostgres(schema);
    }

    static void requireServer() {
        String why = whyNotAvailable();
        if (why == null) {
            return;
        }
        if (Ci.active()) {
            Assertions.fail("CI=" + System.getenv("CI") + " but PostgreSQL does not answer at " + SERVER_URL + ": " + why);
        }
        System.out.println("skipping PostgreSQL test: " + SERVER_URL + " does not answer (" + why + ") and CI is unset");
        Assumptions.abort("PostgreSQL at " + SERVER_URL + " does not answer (" + why + ") and CI is unset");
    }

    private static String whyNotAvailable() {
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(SERVER_URL, USER, "")) {
            return c.isValid(3) ? null : "connection not valid";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER_URL, USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    String schema() {
        return schema;
    }

    /** Settings that put everything in this test's schema. */
    DatabaseSettings settings() {
        return new DatabaseSettings(SERVER_URL + "?currentSchema=" + schema, USER, "", 10);
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
