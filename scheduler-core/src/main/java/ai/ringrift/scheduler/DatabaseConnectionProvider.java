package ai.ringrift.scheduler;

import ai.ringrift.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz connections from the {@link Database} pool. Registered with Quartz's
 * {@code DBConnectionManager} under the job store's data source name. The pool belongs to the
 * caller: Quartz shutting down does not close it.
 */
final class DatabaseConnectionProvider implements ConnectionProvider {

    private final Database database;

    DatabaseConnectionProvider(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return database.dataSource().getConnection();
    }

    @Override
    public void shutdown() {
        // the Database is owned (and closed) by whoever created it
    }

    @Override
    public void initialize() {
        // the pool is already open
    }
}
