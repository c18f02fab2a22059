package ai.ringrift.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One lock around every schema change the scheduler makes (its Flyway migrations, JobRunr's own
 * table creation), so that nodes started at the same moment on an empty database do not race:
 * JobRunr's creator and Flyway's history table both failed with "relation ... already exists" when
 * two nodes created them together. On PostgreSQL it is a session-level advisory lock on a dedicated
 * connection, held while the body runs and released when it returns (or when the connection dies
 * with a killed node); the next node then finds the schema made and does nothing. On H2, whose
 * file one process owns, there is nothing to lock.
 */
final class SchemaLock {

    /** The advisory lock key: "ringrift" in ASCII, a constant every node agrees on. */
    static final long KEY = 0x72696e6772696674L;

    private SchemaLock() {
    }

    /** A body that may fail with an {@link SQLException}. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws SQLException;
    }

    /** Where the lock's own connection comes from. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    /**
     * Runs {@code body} under the lock, held on a connection from {@code lockConnection}: one outside
     * the pool where we can (Flyway itself takes two of the pool's connections, and a pool of two
     * must still migrate).
     */
    static <T> T hold(Connector lockConnection, Vendor vendor, Body<T> body) throws SQLException {
        if (vendor != Vendor.POSTGRESQL) {
            return body.run();
        }
        try (Connection c = lockConnection.connect()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, KEY);
                ps.execute();
            }
            try {
                return body.run();
            } finally {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, KEY);
                    ps.execute();
                }
            }
        }
    }
}
