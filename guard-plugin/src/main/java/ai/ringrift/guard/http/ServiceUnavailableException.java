package ai.ringrift.guard.http;

/**
 * A handler cannot answer now for a reason outside this process (the database is unreachable):
 * answered 503 with the message, one line, and not logged per request (whoever sees the outage
 * logs its start and end).
 */
public class ServiceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message) {
        super(message, null, false, false);
    }
}
