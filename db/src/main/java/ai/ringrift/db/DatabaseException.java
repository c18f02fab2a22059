package ai.ringrift.db;

/**
 * A database problem a person can act on: the message names the (masked) URL, the cause and what
 * to do, in one line. The original exception stays attached for {@code --debug}.
 */
public class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
