package ai.ringrift.db.audit;

import java.util.List;

/**
 * One page of decisions, newest first.
 *
 * @param rows the rows
 * @param next where the next page starts ({@link AuditFilter.Builder#after}); null on the last page
 */
public record Page(List<DecisionRow> rows, AuditCursor next) {

    public Page {
        rows = List.copyOf(rows);
    }

    public boolean hasNext() {
        return next != null;
    }
}
