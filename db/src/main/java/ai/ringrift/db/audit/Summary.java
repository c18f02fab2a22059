package ai.ringrift.db.audit;

import java.time.Instant;
import java.util.Map;

/**
 * Decision counts over a time window: "how much did we throttle last week?".
 *
 * @param since                 window start (inclusive)
 * @param until                 window end (exclusive)
 * @param total                 all decisions in the window
 * @param byDecision            decision to count
 * @param byPriority            priority to count
 * @param byDecisionAndPriority decision to (priority to count)
 */
public record Summary(Instant since, Instant until, long total, Map<String, Long> byDecision,
        Map<String, Long> byPriority, Map<String, Map<String, Long>> byDecisionAndPriority) {

    public Summary {
        byDecision = Map.copyOf(byDecision);
        byPriority = Map.copyOf(byPriority);
        byDecisionAndPriority = Map.copyOf(byDecisionAndPriority);
    }

    /** Count for a decision, 0 when none. */
    public long count(String decision) {
        return byDecision.getOrDefault(decision, 0L);
    }

    /** Count for a decision and priority, 0 when none. */
    public long count(String decision, String priority) {
        return byDecisionAndPriority.getOrDefault(decision, Map.of()).getOrDefault(priority, 0L);
    }
}
