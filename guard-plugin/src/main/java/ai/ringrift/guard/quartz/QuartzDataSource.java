package ai.ringrift.guard.quartz;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.quartz.utils.DBConnectionManager;

/**
 * The application's named Quartz DataSource ({@code org.quartz.dataSource.NAME.*}, whatever its
 * provider: HikariCP, c3p0, JNDI, a custom {@code ConnectionProvider}) seen as a
 * {@link DataSource}: every connection comes from Quartz's {@link DBConnectionManager}, so the
 * guard opens no pool of its own and the application keeps owning the connections' lifecycle.
 */
final class QuartzDataSource implements DataSource {

    private final String name;

    QuartzDataSource(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    String name() {
        return name;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DBConnectionManager.getInstance().getConnection(name);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Quartz DataSource '" + name
                + "' hands out connections with its own credentials (org.quartz.dataSource." + name + ".user)");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Quartz's connection providers have no log writer
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the provider's own settings apply
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Quartz DataSource '" + name + "' is not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "Quartz DataSource '" + name + "'";
    }
}
