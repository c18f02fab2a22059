package ai.ringrift.db.audit;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What {@link AuditQuery#find} selects. Every value is bound as a statement parameter, never put
 * into SQL text. Build with {@link #builder()}.
 *
 * @param since      decided at or after (inclusive), or null
 * @param until      decided before (exclusive), or null
 * @param jobName    exact job name, or null
 * @param jobPrefix  job name prefix, or null
 * @param decisions  any of these decisions; empty: all
 * @param priorities any of these priorities; empty: all
 * @param reasonCode exact reason code, or null
 * @param nodeId     exact node id, or null
 * @param limit      at most this many rows (1..{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT})
 * @param after      keyset cursor: rows strictly older than it, or null for the first page
 */
public record AuditFilter(Instant since, Instant until, String jobName, String jobPrefix, Set<String> decisions,
        Set<String> priorities, String reasonCode, String nodeId, int limit, AuditCursor after) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public AuditFilter {
        decisions = Set.copyOf(decisions);
        priorities = Set.copyOf(priorities);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("audit query limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (jobName != null && jobPrefix != null) {
            throw new IllegalArgumentException("give a job name or a job name prefix, not both");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("audit query since (" + since + ") must be before until (" + until + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This filter continuing after {@code cursor}. */
    public AuditFilter withAfter(AuditCursor cursor) {
        return new AuditFilter(since, until, jobName, jobPrefix, decisions, priorities, reasonCode, nodeId, limit,
                cursor);
    }

    /** Builds an {@link AuditFilter}; every setter returns the builder. */
    public static final class Builder {
        private Instant since;
        private Instant until;
        private String jobName;
        private String jobPrefix;
        private final Set<String> decisions = new LinkedHashSet<>();
        private final Set<String> priorities = new LinkedHashSet<>();
        private String reasonCode;
        private String nodeId;
        private int limit = DEFAULT_LIMIT;
        private AuditCursor after;

        private Builder() {
        }

        public Builder since(Instant v) { since = v; return this; }
        public Builder until(Instant v) { until = v; return this; }

        /** Exact job name; a trailing {@code *} (e.g. {@code selfplay*}) makes it a prefix. */
        public Builder jobName(String v) {
            if (v != null && v.endsWith("*")) {
                jobPrefix = v.substring(0, v.length() - 1);
                jobName = null;
            } else {
                jobName = v;
                jobPrefix = null;
            }
            return this;
        }

        /** Job name prefix (matched literally: {@code %} and {@code _} are not wildcards). */
        public Builder jobNamePrefix(String v) { jobPrefix = v; jobName = null; return this; }

        /** Any of these decisions (case-insensitive); repeatable. */
        public Builder decisions(Collection<String> v) {
            v.forEach(d -> decisions.add(d.trim().toUpperCase(Locale.ROOT)));
            return this;
        }

        public Builder decision(String... v) { return decisions(java.util.List.of(v)); }

        /** Any of these priorities (case-insensitive); repeatable. */
        public Builder priorities(Collection<String> v) {
            v.forEach(p -> priorities.add(p.trim().toUpperCase(Locale.ROOT)));
            return this;
        }

        public Builder priority(String... v) { return priorities(java.util.List.of(v)); }

        public Builder reasonCode(String v) { reasonCode = v; return this; }
        public Builder nodeId(String v) { nodeId = v; return this; }
        public Builder limit(int v) { limit = v; return this; }
        public Builder after(AuditCursor v) { after = v; return this; }

        public AuditFilter build() {
            return new AuditFilter(since, until, jobName, jobPrefix, decisions, priorities, reasonCode, nodeId, limit,
                    after);
        }
    }
}
