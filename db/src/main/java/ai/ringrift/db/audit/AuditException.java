package ai.ringrift.db.audit;

import ai.ringrift.db.DatabaseException;

/**
 * The audit log could not keep a row: the database is unreachable and the spool file cannot be
 * written either (disk full, no permission), or the log is closed. The message says what to do.
 */
public class AuditException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
