package ai.ringrift.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Committed before it acts" across {@code kill -9} on H2: H2 writes committed transactions to its
 * file in the background, up to {@code WRITE_DELAY} (500 ms by default) after the commit returned,
 * so a killed process lost audit rows it had already acted on. {@code SET WRITE_DELAY 0} makes
 * every commit write its changes to the file before it returns (H2 persists the setting in the
 * database; it is set again on every open). The write reaches the operating system, which keeps it
 * across a killed process; it is not an fsync, so a power loss can still take the last commits
 * (PostgreSQL's fsync'd WAL is the choice for that). The cost is one file write per commit, which
 * the audit log's group commit shares among the rows of a batch.
 *
 * <p>A commit now writes the file on the committing thread, and Java's {@code FileChannel} closes
 * for good when a thread is interrupted during a write (Quartz interrupts its threads at shutdown):
 * H2 then stops the database. So a {@code jdbc:h2:file:} URL is opened through H2's {@code async:}
 * file system (an {@code AsynchronousFileChannel}, which an interrupt does not close): the same
 * file, the same format.
 */
final class H2Durability {

    static final String STATEMENT = "SET WRITE_DELAY 0";
    private static final Logger LOG = LoggerFactory.getLogger(H2Durability.class);

    private H2Durability() {
    }

    /** The URL the pool connects with: {@code jdbc:h2:file:} becomes {@code jdbc:h2:async:} (see the class comment). */
    static String jdbcUrl(String url) {
        return url.startsWith("jdbc:h2:file:") ? "jdbc:h2:async:" + url.substring("jdbc:h2:file:".length()) : url;
    }

    /** Writes commits through on this connection's database; a user without admin rights gets a warning. */
    static void writeCommitsThrough(Connection c, String describe) {
        try (Statement s = c.createStatement()) {
            s.execute(STATEMENT);
        } catch (SQLException e) {
            LOG.warn("H2 {}: cannot '{}' ({}): committed rows may be lost if the process is killed within 500 ms"
                    + " of a commit; connect as the database's admin user", describe, STATEMENT, e.getMessage());
        }
    }
}
